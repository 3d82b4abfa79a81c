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

/* Returns a static English message for code; "unknown error" for codes not in the table. */
const char *scoot_strerror(int code);

/* Returns the static symbolic name ("SCOOT_ENOMEM") for code, or "SCOOT_E?" if unknown. */
const char *scoot_err_name(int code);

#ifdef __cplusplus
}
#endif
#endif
