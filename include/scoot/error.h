/* error.h: scoot's error codes, one X-macro table for the enum, names and messages. */
#ifndef SCOOT_ERROR_H
#define SCOOT_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

/* X(name, value, message). Codes are negative; 0 is success. */
#define SCOOT_ERRNO_MAP(X)                                                     \
    X(OK, 0, "success")                                                        \
    X(ENOMEM, -1, "out of memory")                                             \
    X(EINVAL, -2, "invalid argument")                                          \
    X(EIO, -3, "input/output error")                                           \
    X(ENOENT, -4, "not found")                                                 \
    X(ESYNTAX, -5, "syntax error")                                             \
    X(EKB, -6, "knowledge base is invalid")                                    \
    X(ECASE, -7, "case is invalid")                                            \
    X(ETOOBIG, -8, "input too large")                                          \
    X(ERANGE, -9, "value out of range")                                        \
    X(ETYPE, -10, "wrong type")                                                \
    X(EUNKNOWN, -11, "unknown id")                                             \
    X(EEXIST, -12, "already exists")                                           \
    X(ECANCEL, -13, "cancelled")                                               \
    X(EDAMAGED, -14, "the journal is damaged")

enum scoot_err {
#define SCOOT__ERR_ENUM(name, value, msg) SCOOT_##name = (value),
    SCOOT_ERRNO_MAP(SCOOT__ERR_ENUM)
#undef SCOOT__ERR_ENUM
};

/*
 * Reasons: why an input was refused, as a stable id beside the human message. The id is the
 * contract (the server sends it as error.reason, the web app words it for the owner); the
 * message may change. X(NAME, "id", "what it means").
 */
#define SCOOT_REASON_MAP(X)                                                             \
    X(NONE, "", "no reason recorded")                                                   \
    X(MALFORMED_JSON, "malformed_json", "the text is not valid JSON (line and column)") \
    X(NOT_OBJECT, "not_object", "a JSON object was expected")                           \
    X(REQUIRED, "required", "a required field is missing")                              \
    X(UNKNOWN_FIELD, "unknown_field", "a field that does not belong here")              \
    X(WRONG_TYPE, "wrong_type", "a value of the wrong type")                            \
    X(NOT_NUMBER, "not_number", "a number was expected (min and max given)")            \
    X(NOT_WHOLE, "not_whole", "a whole number was expected")                            \
    X(OUT_OF_RANGE, "out_of_range", "a number outside its range (value, min, max)")     \
    X(TOO_LONG, "too_long", "a text longer than its limit (max characters)")            \
    X(BAD_TEXT, "bad_text", "a text holding control characters or invalid UTF-8")       \
    X(NOT_DATE, "not_date", "a date or time that cannot be read")                       \
    X(IN_FUTURE, "in_future", "a date or time in the future")                           \
    X(TOO_OLD, "too_old", "a date too far back (max years)")                            \
    X(DATE_ORDER, "date_order", "dates in the wrong order")                             \
    X(NOT_OPTION, "not_option", "not one of the options offered")                       \
    X(UNKNOWN_ID, "unknown_id", "an id the knowledge base or journal does not know")   \
    X(NAME_SPACE, "name_space", "a name that starts or ends with a space")              \
    X(NAME_INVISIBLE, "name_invisible", "a name holding invisible characters")          \
    X(NO_CAT, "no_cat", "no cat of that name")                                          \
    X(NAME_TAKEN, "name_taken", "another cat already has that name")                    \
    X(NO_ENTRY, "no_entry", "no entry with that id")                                    \
    X(PAIN_EMPTY, "pain_empty", "a pain score with no part of the face scored")         \
    X(TOO_BIG, "too_big", "an input larger than the limit")

enum scoot_reason {
#define SCOOT__REASON_ENUM(name, id, what) SCOOT_R_##name,
    SCOOT_REASON_MAP(SCOOT__REASON_ENUM)
#undef SCOOT__REASON_ENUM
        SCOOT_R__COUNT
};

/* Which numbers of a scoot_why are set. */
enum { SCOOT_WHY_VALUE = 1, SCOOT_WHY_MIN = 2, SCOOT_WHY_MAX = 4 };

/*
 * The structured account of the first error written into an error buffer with scoot_err: made
 * where the error arises, so that no caller reads the English message to learn what went
 * wrong (SQLite's sqlite3_str keeps its first error the same way). All zero: none recorded.
 */
typedef struct scoot_why {
    int code;             /* SCOOT_E… */
    int reason;           /* SCOOT_R_… */
    int line, col;        /* where in the input text (1-based; 0 when not about text) */
    unsigned nums;        /* SCOOT_WHY_VALUE | SCOOT_WHY_MIN | SCOOT_WHY_MAX: which are set */
    double value, min, max;
    char field[160];      /* the input it names, as in the message ("event.data.kg"); "" none */
    char arg[160];        /* the text the reason speaks of (a cat's name for no_cat and
                             name_taken); "" none */
} scoot_why;

/* The stable id of reason ("out_of_range"); "" for SCOOT_R_NONE and unknown values. */
const char *scoot_reason_id(int reason);

/* Returns a static English message for code; "unknown error" for codes not in the table. */
const char *scoot_strerror(int code);

/* Returns the static symbolic name ("SCOOT_ENOMEM") for code, or "SCOOT_E?" if unknown. */
const char *scoot_err_name(int code);

#ifdef __cplusplus
}
#endif
#endif
