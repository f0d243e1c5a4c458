/* Shows: ThreadSanitizer's fiber API on ucontext fibers: a fiber writes, switches back, main reads.
 * Ordered by: __tsan_switch_to_fiber without no_sync: what ran before a switch happens-before what runs after it. */
#include <sanitizer/tsan_interface.h>
#include <stdio.h>
#include <ucontext.h>

static ucontext_t main_ctx, fiber_ctx;
static void *main_fiber, *fiber;
static char fiber_stack[256 * 1024];
static int shared;

static void fiber_main(void)
{
    for (int round = 0; round < 3; round++) {
        shared += 10;
        __tsan_switch_to_fiber(main_fiber, 0);
        swapcontext(&fiber_ctx, &main_ctx);
    }
}

int main(void)
{
    main_fiber = __tsan_get_current_fiber();
    fiber = __tsan_create_fiber(0);
    __tsan_set_fiber_name(fiber, "worker fiber");
    getcontext(&fiber_ctx);
    fiber_ctx.uc_stack.ss_sp = fiber_stack;
    fiber_ctx.uc_stack.ss_size = sizeof fiber_stack;
    fiber_ctx.uc_link = &main_ctx;
    makecontext(&fiber_ctx, fiber_main, 0);
    for (int round = 0; round < 3; round++) {
        shared++;
        __tsan_switch_to_fiber(fiber, 0);
        swapcontext(&main_ctx, &fiber_ctx);
    }
    printf("%d\n", shared);
    __tsan_destroy_fiber(fiber);
    return 0;
}
