/* A header of D declarations (not C): it reaches the D parser as it is,
 * while the C headers beside it are read by libclang. */
inline int LIMIT = 3;
typedef string label_t;
