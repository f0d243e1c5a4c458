/* Shows: string functions on a buffer whose neighbouring bytes other threads write at the same time: each call must touch only the bytes it is defined to touch.
 * Ordered by: nothing needed: strlen stops at the terminator, strchr/memchr at the match, strcmp at the first difference, strncpy writes exactly n bytes, strcat writes from the old terminator on; the other threads write bytes outside those ranges. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static char text[64];     /* "key=value\0" then bytes [16, 64) written by the neighbour */
static char other[64];    /* "key=vaXue\0" then bytes [16, 64) written by the neighbour */
static char dst[32];      /* [0, 8) ours, [8, 32) the neighbour's */
static char cat[32];      /* "ab\0" then [8, 32) the neighbour's */
/* A pointer that is not static, so what it points to is unknown at compile
 * time: gcc -O2 warns that strncat(cat, "fgh", 1) truncates the literal. */
const char *suffix = "fgh";

static void *neighbour(void *arg)
{
    (void)arg;
    for (int round = 0; round < 1000; round++) {
        for (int i = 16; i < 64; i++) {
            text[i] = (char)round;
            other[i] = (char)round;
        }
        for (int i = 8; i < 32; i++) {
            dst[i] = (char)i;
            cat[i] = (char)i;
        }
    }
    return NULL;
}

int main(void)
{
    strcpy(text, "key=value");
    strcpy(other, "key=vaXue");
    strcpy(cat, "ab");
    pthread_t t;
    pthread_create(&t, NULL, neighbour, NULL);
    long sum = 0;
    for (int round = 0; round < 1000; round++) {
        sum += strlen(text);                      /* bytes 0..9 */
        sum += strchr(text, '=') - text;          /* bytes 0..3 */
        sum += (char *)memchr(text, 'v', 64) - text; /* bytes 0..4 */
        sum += strcmp(text, other) > 0;           /* bytes 0..6 */
        sum += memcmp(text, other, 64) > 0;       /* bytes 0..6 */
        sum += strncmp(text, other, 12) > 0;      /* bytes 0..6 */
        strncpy(dst, text, 8);                    /* writes dst[0..7] exactly */
        cat[2] = 0;
        strcat(cat, "cde");                       /* reads cat[0..2], writes cat[2..5] */
        strncat(cat, suffix, 1);                  /* writes cat[5..6] */
    }
    pthread_join(t, NULL);
    printf("sum %ld %s %s\n", sum, cat, dst);
    return 0;
}
