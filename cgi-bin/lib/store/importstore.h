/* importstore (imp_): checking a members or vehicles CSV file against the organisation (preview) and applying it in one transaction, with its ADMIN lines. */
#ifndef WB_IMPORTSTORE_H
#define WB_IMPORTSTORE_H

#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/adminstore.h"
#include "format/csvfile.h"

#define IMP_MAX_BYTES (5L * 1024 * 1024)  /* largest file accepted */
#define IMP_MAX_ERRORS 1000               /* errors reported; the count goes on */

enum imp_kind { IMP_MEMBERS = 0, IMP_VEHICLES };

enum imp_action { IMP_NEW = 0, IMP_CHANGED, IMP_UNCHANGED, IMP_INVALID };

/* Results of this module (enum store_status, store/store.h):
 *   ST_OK
 *   ST_FILE - the file cannot be read at all: see file_status and file_line
 *   ST_ROWS - rows have errors: see errors
 *   ST_NOT_FOUND - no such staged upload of this administrator
 *   ST_BUSY
 *   ST_ERROR */

/* One error: line of the file, column name as in the header ("" for the whole row), the language
 * key of the message, and its argument (written where the message says "{a}"). */
struct imp_error {
	int line;
	char column[32];
	const char *key;
	char arg[96];
};

/* One data row as the preview shows it. cells are the columns of the kind in the order of
 * imp_columns (NULL when the file lacks the column); changes names what an update changes. */
struct imp_row {
	int line;
	enum imp_action action;
	const char *cells[5];
	char changes[512];
};

struct imp_check {
	enum imp_kind kind;
	struct csvf_table table;
	enum csvf_status file_status;
	int file_line;
	int nrows;
	struct imp_row *rows;
	int nerrors;                        /* all errors found */
	struct imp_error errors[IMP_MAX_ERRORS];   /* the first IMP_MAX_ERRORS, by line */
	int nnew, nchanged, nunchanged;
};

/* The column names of kind, NULL-terminated: members login descr member_no admin locked,
 * vehicles name descr area sort. */
const char *const *imp_columns(enum imp_kind kind);

/* Reads data as a CSV file of kind and checks every row against the actor's organisation without
 * writing: ST_OK (every row new, changed or unchanged), ST_FILE, ST_ROWS, ST_ERROR.
 * out must be freed with imp_free (it is large: allocate it). */
enum store_status imp_check(const struct actor *a, enum imp_kind kind, const char *data, size_t len,
                          struct imp_check *out);
void imp_free(struct imp_check *c);

/* Keeps a checked file for the confirmation (one transaction; uploads older than a day go). */
enum store_status imp_stage(const struct actor *a, enum imp_kind kind, const char *data, size_t len, int64_t *id);

/* Applies staged upload id of this administrator: checks it again and writes every new and changed
 * row with its ADMIN line and a summary line, and removes the upload, all in one immediate
 * transaction; on ST_ROWS (the data changed meanwhile) nothing is written. out as for imp_check. */
enum store_status imp_apply(const struct actor *a, int64_t id, struct imp_check *out);

#endif
