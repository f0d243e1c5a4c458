# scheduler_fuzz/: schedule perturbation. Its sources are compiled into the
# runtime archive by mk/runtime.mk; this file adds its unit tests (linked
# with those runtime objects, which need nothing from the detector) and the
# suite tests/sched/check.sh. The detection-rate measurement
# (tests/sched/measure.sh) and the cost comparison (bench/sched/cost.sh) are
# run by hand: they take minutes and depend on the machine's load.

SCHED_RT_OBJ := $(BUILD)/rt/scheduler_fuzz

UNIT_DEPS_sched_prng = $(SCHED_RT_OBJ)/prng.o
UNIT_DEPS_sched_options = $(SCHED_RT_OBJ)/sched_options.o
UNIT_DEPS_sched_plan = $(SCHED_RT_OBJ)/plan.o $(SCHED_RT_OBJ)/prng.o
UNIT_DEPS_sched_affinity = $(SCHED_RT_OBJ)/affinity.o $(SCHED_RT_OBJ)/prng.o
UNIT_DEPS_sched_perturb = $(SCHED_RT_OBJ)/perturb.o
UNIT_DEPS_sched_entry = $(patsubst scheduler_fuzz/%.c,$(SCHED_RT_OBJ)/%.o,$(wildcard scheduler_fuzz/*.c))

CHECK_SUITES += tests/sched/check.sh
