/*
 * The one atomic-file writer: temporary file beside the target (so the
 * rename stays on one file system), fsync, rename, fsync the directory.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "durable.h"
#include "err.h"
#include "xmalloc.h"

/* "DIR/.NAME.tmp-XXXXXX" beside path, for mkstemp. */
static char *
durable_tmp_name(const char *path)
{
	const char	*slash = strrchr(path, '/');

	if (slash == NULL)
		return xasprintf(".%s.tmp-XXXXXX", path);
	return xasprintf("%.*s/.%s.tmp-XXXXXX", (int)(slash - path), path,
	    slash + 1);
}

static void
durable_free(struct durable *d)
{
	free(d->path);
	free(d->tmp);
	memset(d, 0, sizeof *d);
}

/* Sets e from errno for d's path and drops the temporary file. */
static int
durable_fail(struct durable *d, int error, struct err *e)
{
	err_set(e, ERR_CANTCREAT, "%s", strerror(error));
	err_file(e, d->path);
	durable_abort(d);
	return -1;
}

int
durable_open(struct durable *d, const char *path, struct err *e)
{
	int	fd;

	memset(d, 0, sizeof *d);
	d->path = xstrdup(path);
	d->tmp = durable_tmp_name(path);
	/* mkstemp makes the file 0600, whatever the umask. */
	if ((fd = mkstemp(d->tmp)) == -1) {
		err_set(e, ERR_CANTCREAT, "cannot create a temporary file: %s",
		    strerror(errno));
		err_file(e, path);
		durable_free(d);
		return -1;
	}
	if ((d->f = fdopen(fd, "w")) == NULL) {
		close(fd);
		return durable_fail(d, errno, e);
	}
	return 0;
}

int
durable_commit(struct durable *d, struct err *e)
{
	FILE	*f = d->f;
	int	 error = 0;

	d->f = NULL;
	errno = 0;
	if (fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0)
		error = errno != 0 ? errno : EIO;
	if (fclose(f) != 0 && error == 0)
		error = errno;
	if (error == 0 && rename(d->tmp, d->path) != 0)
		error = errno;
	if (error != 0)
		return durable_fail(d, error, e);
	if (durable_sync_dir(d->path) != 0) {
		err_set(e, ERR_CANTCREAT, "syncing its directory: %s",
		    strerror(errno));
		err_file(e, d->path);
		durable_free(d);
		return -1;
	}
	durable_free(d);
	return 0;
}

void
durable_abort(struct durable *d)
{
	if (d->f != NULL)
		fclose(d->f);
	if (d->tmp != NULL)
		unlink(d->tmp);
	durable_free(d);
}

int
durable_write(const char *path, const void *buf, size_t len, int sync_dir,
    struct err *e)
{
	struct durable	 d;
	const char	*p = buf;
	ssize_t		 n;
	int		 fd;

	if (durable_open(&d, path, e) != 0)
		return -1;
	fd = fileno(d.f);
	while (len > 0) {
		if ((n = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			return durable_fail(&d, errno, e);
		}
		p += n;
		len -= (size_t)n;
	}
	if (fsync(fd) != 0)
		return durable_fail(&d, errno, e);
	if (rename(d.tmp, path) != 0)
		return durable_fail(&d, errno, e);
	fclose(d.f);
	d.f = NULL;
	if (sync_dir && durable_sync_dir(path) != 0) {
		err_set(e, ERR_CANTCREAT, "syncing its directory: %s",
		    strerror(errno));
		err_file(e, path);
		durable_free(&d);
		return -1;
	}
	durable_free(&d);
	return 0;
}

int
durable_sync_dir(const char *path)
{
	const char	*slash = strrchr(path, '/');
	char		*dir;
	int		 fd, saved;

	if (slash == NULL)
		dir = xstrdup(".");
	else
		dir = xstrndup(path, slash == path ? 1 :
		    (size_t)(slash - path));
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	if (fd == -1)
		return -1;
	if (fsync(fd) != 0 && errno != EINVAL) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	close(fd);
	return 0;
}
