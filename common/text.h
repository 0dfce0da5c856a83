/*
 * Text from outside (notes, codes, names, command lines) as UTF-8: one
 * decoder for every module, and one way to make text safe to show in a
 * message or on a terminal.  The easy thing to get wrong: a C1 control
 * (U+0080..U+009F) is valid UTF-8 yet acts on a terminal like ESC.
 */
#ifndef TEXT_H
#define TEXT_H

#include <stddef.h>
#include <stdio.h>

/* Length of the valid UTF-8 character at p (at most left bytes; left > 0):
 * 1..4, or 0 for a broken, overlong or surrogate sequence. */
size_t	text_utf8_len(const unsigned char *p, size_t left);
/* Non-zero when the n-byte character at p is a C0 or C1 control or DEL. */
int	text_is_control(const unsigned char *p, size_t n);
/* Non-zero when s[0..len) is wholly valid UTF-8. */
int	text_utf8_valid(const char *s, size_t len);
/* A copy of s[0..len) fit to quote in a message: controls and bytes that
 * are not UTF-8 become \xNN; past max bytes of s it is cut, never inside a
 * character, and "..." added.  The caller frees it. */
char	*text_show(const char *s, size_t len, size_t max);
/* A copy of s fit for a terminal, whole: controls and bytes that are not
 * UTF-8 become \xNN (text_show without a limit).  The caller frees it. */
char	*text_terminal(const char *s);
/* The columns s (UTF-8, as text_terminal makes it) takes on a terminal:
 * wcwidth's, so wide characters (CJK, emoji) take two and combining marks
 * none; one a character when the locale cannot tell (see text_locale). */
size_t	text_width(const char *s);
/* Sets the character type from the environment, or C.UTF-8 when that is
 * not UTF-8, so that wcwidth knows every character: for a program's main,
 * before any text is measured. */
void	text_locale(void);
/*
 * One policy per medium for text from a log: text_terminal (above) for a
 * terminal, text_put_html for HTML, text_gnuplot for a gnuplot script.
 */
/* Writes s (NULL: nothing) as HTML text or an attribute value: markup
 * characters as entities, line breaks and tabs as spaces, other controls
 * and bytes that are not UTF-8 as U+FFFD. */
void	text_put_html(FILE *, const char *s);
/* s as a gnuplot double-quoted string in which every byte but ASCII
 * letters and spaces is a three-digit octal escape, so nothing in it can
 * end the string or be read as a macro, a backquote or a command: controls
 * become spaces, bytes that are not UTF-8 and the non-characters U+FFFE and
 * U+FFFF become U+FFFD, "]]>" is broken up (SVG text may not hold it), and
 * it is cut after max characters with an ellipsis.  The caller frees it. */
char	*text_gnuplot(const char *s, size_t max);
/* Trims ASCII spaces and tabs at both ends of s, in place, as live entry
 * and timed commands both do (so "DH" and "DH " are one person).  Returns
 * the new length. */
size_t	text_trim(char *s);
/* The index of the one name among names[0..n) that s[0..len) most likely
 * meant, ignoring ASCII case: the only one it begins, else the only one at
 * the least edit distance when that is 1 (2 for words of 5 or more bytes);
 * a slip in the start of a longer name counting like one in the whole;
 * -1 when none or several fit. */
int	text_nearest(const char *s, size_t len, const char *const *names,
	    size_t n);

#endif
