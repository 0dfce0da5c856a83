/*
 * The floor of durable latency on this machine, for tests/bench/recorder.py:
 * the least a recorder can do per key.  It reads one byte from its terminal
 * (put in raw mode by the driver), appends a 70-byte record to FILE with one
 * write(2) on an O_APPEND descriptor, fsyncs it, then writes "#N saved" back
 * to the terminal: what shadowlog-record does, without the day's rules, the
 * event loop or the screen.  Exits at EOF or on 'q'.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	char		 rec[70], out[64];
	unsigned long	 seq = 0;
	int		 fd, n;
	unsigned char	 c;

	if (argc != 2) {
		fprintf(stderr, "usage: floor FILE\n");
		return 64;
	}
	fd = open(argv[1], O_WRONLY | O_CREAT | O_APPEND | O_TRUNC, 0600);
	if (fd == -1) {
		perror(argv[1]);
		return 73;
	}
	memset(rec, 'x', sizeof rec);
	while (read(STDIN_FILENO, &c, 1) == 1 && c != 'q') {
		seq++;
		if (write(fd, rec, sizeof rec) != (ssize_t)sizeof rec ||
		    fsync(fd) != 0) {
			perror(argv[1]);
			return 74;
		}
		n = snprintf(out, sizeof out, "\r\n#%lu key saved\r\n", seq);
		if (write(STDOUT_FILENO, out, (size_t)n) != n)
			return 74;
	}
	close(fd);
	return 0;
}
