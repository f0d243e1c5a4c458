/* Shows: fibers switched with __tsan_switch_to_fiber_no_sync are checked like threads.
 * Why a race: no_sync switches order nothing, so the fiber's write and main's later read are unordered. */
#include <sanitizer/tsan_interface.h>
#include <stdio.h>
#include <ucontext.h>

static ucontext_t main_ctx, fiber_ctx;
static void *main_fiber, *fiber;
static char fiber_stack[256 * 1024];
static int shared;

static void fiber_main(void)
{
    shared = 42; /* RACE */
    __tsan_switch_to_fiber(main_fiber, __tsan_switch_to_fiber_no_sync);
    swapcontext(&fiber_ctx, &main_ctx);
}

int main(void)
{
    main_fiber = __tsan_get_current_fiber();
    fiber = __tsan_create_fiber(0);
    getcontext(&fiber_ctx);
    fiber_ctx.uc_stack.ss_sp = fiber_stack;
    fiber_ctx.uc_stack.ss_size = sizeof fiber_stack;
    fiber_ctx.uc_link = &main_ctx;
    makecontext(&fiber_ctx, fiber_main, 0);
    __tsan_switch_to_fiber(fiber, __tsan_switch_to_fiber_no_sync);
    swapcontext(&main_ctx, &fiber_ctx);
    printf("%d\n", shared); /* RACE */
    __tsan_destroy_fiber(fiber);
    return 0;
}
