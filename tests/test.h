/*
 * Shared by every CUnit suite: typed assertions that print both values when
 * they fail (as libuv's ASSERT_EQ does), and the suite registration hooks
 * the runner calls.
 */
#ifndef TEST_H
#define TEST_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "logfile.h"
#include "timeline.h"

#define T_MSG_LEN 512

#define T_EQ_INT(a, b) do {						\
	long long t_a_ = (long long)(a), t_b_ = (long long)(b);	\
	char t_m_[T_MSG_LEN];						\
	snprintf(t_m_, sizeof t_m_, "%s == %s (%lld != %lld)",		\
	    #a, #b, t_a_, t_b_);					\
	CU_assertImplementation(t_a_ == t_b_, __LINE__, t_m_,		\
	    __FILE__, "", CU_FALSE);					\
} while (0)

#define T_EQ_STR(a, b) do {						\
	const char *t_a_ = (a), *t_b_ = (b);				\
	char t_m_[T_MSG_LEN];						\
	snprintf(t_m_, sizeof t_m_, "%s == %s (\"%s\" != \"%s\")",	\
	    #a, #b, t_a_ ? t_a_ : "(null)", t_b_ ? t_b_ : "(null)");	\
	CU_assertImplementation(t_a_ != NULL && t_b_ != NULL &&		\
	    strcmp(t_a_, t_b_) == 0, __LINE__, t_m_, __FILE__, "",	\
	    CU_FALSE);							\
} while (0)

/* The string a contains b. */
#define T_HAS_STR(a, b) do {						\
	const char *t_a_ = (a), *t_b_ = (b);				\
	char t_m_[T_MSG_LEN];						\
	snprintf(t_m_, sizeof t_m_, "%s contains %s (\"%s\", \"%s\")",	\
	    #a, #b, t_a_ ? t_a_ : "(null)", t_b_ ? t_b_ : "(null)");	\
	CU_assertImplementation(t_a_ != NULL && t_b_ != NULL &&		\
	    strstr(t_a_, t_b_) != NULL, __LINE__, t_m_, __FILE__, "",	\
	    CU_FALSE);							\
} while (0)

#define T_TRUE(x) CU_ASSERT_TRUE(x)

/* A struct err *e with each field as given and no byte offset (the
 * message is the bare what; the place is in the fields), then cleared. */
#define T_ERR(e, path, code_, line_, msg_) do {				\
	T_EQ_INT((e)->code, (code_));					\
	T_EQ_STR((e)->file, (path));					\
	T_EQ_INT((e)->line, (line_));					\
	T_EQ_INT((e)->offset, -1);					\
	T_EQ_STR((e)->msg, (msg_));					\
	err_clear(e);							\
} while (0)

/* For the suites that compare a bare message: one struct err a file, for
 * a call to fill, then t_cause. */
static inline struct err *
t_err(void)
{
	static struct err	e = ERR_INIT;

	return &e;
}

/* ret, the result of a call given t_err(); when it is not 0, *cause takes
 * a copy of the message (the caller frees it).  t_err() is cleared. */
static inline int
t_cause(int ret, char **cause)
{
	struct err	*e = t_err();

	if (ret != 0)
		*cause = strdup(e->msg != NULL ? e->msg : "(no message)");
	err_clear(e);
	return ret;
}

/* Each suite file defines one of these; tests/runner.c calls them all. */
void	agreement_test_register(void);
void	anon_test_register(void);
void	boris_test_register(void);
void	calendar_test_register(void);
void	clock_test_register(void);
void	command_test_register(void);
void	compare_test_register(void);
void	day_test_register(void);
void	durable_test_register(void);
void	dimensions_test_register(void);
void	episodes_test_register(void);
void	err_test_register(void);
void	format_test_register(void);
void	hash_test_register(void);
void	keys_test_register(void);
void	logfile_test_register(void);
void	chart_test_register(void);
void	record_test_register(void);
void	reference_test_register(void);
void	report_test_register(void);
void	review_test_register(void);
void	scheme_test_register(void);
void	patterns_test_register(void);
void	stats_test_register(void);
void	screen_test_register(void);
void	sequence_test_register(void);
void	summary_test_register(void);
void	svg_test_register(void);
void	table_test_register(void);
void	text_test_register(void);
void	timed_test_register(void);
void	timeline_test_register(void);
void	walker_test_register(void);
void	week_test_register(void);

/* A fresh temporary directory for a test (under $TMPDIR or /tmp); the
 * caller frees the returned path. */
char	*test_tmpdir(void);
/* The names in a directory, "." and ".." not counted; -1 if unreadable. */
int	 test_entries(const char *path);

/* The next of a seeded xorshift sequence kept in *state, from 0 to n - 1
 * (0 when n is 0): random test data that is the same on every run. */
uint32_t test_rnd(uint64_t *state, uint32_t n);

/* Removes dir and everything under it (no shell); 0 or -1. */
int	 test_rmtree(const char *dir);

/* A suite's init and clean for one that changes TZ: keep it, put it back. */
int	 test_tz_save(void);
int	 test_tz_restore(void);

/* The suites' day header: Hillside Primary, H1, O1, 2024-03-05 in
 * Europe/Paris (+01:00), the built-in scheme; *midnight is its local
 * midnight.  0, or 1 (a suite init's failure).  Free with
 * log_header_free. */
struct log_header;
int	 test_header(struct log_header *, int64_t *midnight);

/* command_parse with its message as a string (caller frees), for the
 * tests that go on to day_apply and its string with the same cause. */
struct command;
struct scheme;
int	 test_command(const char *line, size_t len, const struct scheme *,
	    struct command *, char **cause);
/* scheme_parse with its error as err_text shows it (caller frees), for
 * tests that build a scheme or compare the whole message. */
struct scheme *test_parse_scheme(const char *text, size_t len,
	    const char *name, char **cause);

/* day_load told as a program's main tells it: *exit_code from
 * err_exit_code and *cause from err_text (caller frees; NULL on
 * success), so the suites check the very bytes a user sees. */
struct day;
int	 test_load_day(const char *path, struct day **, enum log_status *,
	    off_t *good_len, off_t *damage_at, char **warning, int *exit_code,
	    char **cause);

/* The item of kind that record seq began in a timeline, or NULL. */
const struct tl_item *test_item_of(const struct timeline *, enum tl_kind,
	    uint64_t seq);

#endif
