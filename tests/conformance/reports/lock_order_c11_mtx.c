/* Shows: the inversion of lock_order_inversion.c with C11 mtx_t locks.
 * Expect: lock-order-inversion, with the four mtx_lock calls. */
/* expect: lock-order-inversion */
#include <stdio.h>
#include <threads.h>

static mtx_t a, b;

static int a_then_b(void *arg)
{
    (void)arg;
    mtx_lock(&a); /* REPORT */
    mtx_lock(&b); /* REPORT */
    mtx_unlock(&b);
    mtx_unlock(&a);
    return 0;
}

int main(void)
{
    mtx_init(&a, mtx_plain);
    mtx_init(&b, mtx_plain);
    thrd_t t;
    thrd_create(&t, a_then_b, NULL);
    thrd_join(t, NULL);
    mtx_lock(&b); /* REPORT */
    mtx_lock(&a); /* REPORT */
    mtx_unlock(&a);
    mtx_unlock(&b);
    mtx_destroy(&a);
    mtx_destroy(&b);
    puts("done");
    return 0;
}
