// SPDX-License-Identifier: GPL-2.0
/*
 * klp_reliable_test: checks the arm64 arch_stack_walk_reliable() of the
 * klpreloc 6.12 series (0002) against stacks whose answer is known:
 *
 *   self      the current task, from its insmod syscall     -> 0, ends in
 *                                                              the EL0 entry
 *   sleeper   a kernel thread blocked in a completion       -> 0, ends in
 *                                                              ret_from_fork
 *   parent    the task that ran insmod, blocked in wait4    -> 0
 *   kprobe    the current task inside a kprobe handler,
 *             i.e. across an EL1 exception boundary         -> error
 *   stop      a consumer that stops the walk early          -> error
 *   running   a kernel thread spinning on another CPU
 *             (needs 2 CPUs, else skipped)                  -> -EBUSY
 *
 * One line per check, "klp_reliable_test: <check> pass|fail|skip ...";
 * the module refuses to load when a check failed. arch_stack_walk_reliable()
 * is not exported: its address comes from kallsyms_lookup_name(), whose own
 * address comes from a kprobe registered on it and removed at once. Needs
 * CONFIG_KPROBES.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/kprobes.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/stacktrace.h>

typedef int (*walk_fn_t)(stack_trace_consume_fn consume_entry, void *cookie,
			 struct task_struct *task);
static walk_fn_t walk_reliable;

struct trace {
	unsigned int nr;
	unsigned int stop_after;	/* 0: never stop */
	unsigned long first, last;
};

static bool save_entry(void *cookie, unsigned long pc)
{
	struct trace *t = cookie;

	if (!t->nr)
		t->first = pc;
	t->last = pc;
	t->nr++;
	return !t->stop_after || t->nr < t->stop_after;
}

static int failures;

static void report(const char *check, bool ok, int ret, const struct trace *t)
{
	if (!ok)
		failures++;
	pr_warn("%s %s: ret %d, %u frames, first %pS, last %pS\n", check,
		ok ? "pass" : "fail", ret, t->nr, (void *)t->first,
		(void *)t->last);
}

static int do_walk(struct task_struct *task, struct trace *t,
		   unsigned int stop_after)
{
	memset(t, 0, sizeof(*t));
	t->stop_after = stop_after;
	return walk_reliable(save_entry, t, task);
}

/* the kprobe check: the handler runs in the BRK exception taken at EL1 */
static int kprobe_ret = 1;
static struct trace kprobe_trace;

static int pre_handler(struct kprobe *p, struct pt_regs *regs)
{
	kprobe_ret = do_walk(current, &kprobe_trace, 0);
	return 0;
}

/* notrace: no ftrace patch site at the entry, where the kprobe goes */
static noinline notrace int probed_function(int x)
{
	/* keep the call and the function body */
	barrier();
	return x + 1;
}

static struct kprobe probe = { .pre_handler = pre_handler };

static DECLARE_COMPLETION(sleeper_go);
static DECLARE_COMPLETION(sleeper_started);

static int sleeper_fn(void *unused)
{
	complete(&sleeper_started);
	wait_for_completion(&sleeper_go);
	while (!kthread_should_stop())
		msleep(20);
	return 0;
}

static int spinner_fn(void *unused)
{
	while (!kthread_should_stop())
		cpu_relax();
	return 0;
}

static int __init klp_reliable_test_init(void)
{
	struct kprobe kp = { .symbol_name = "kallsyms_lookup_name" };
	unsigned long (*lookup)(const char *name);
	struct task_struct *task;
	struct trace t;
	int ret;

	/* arch_stack_walk_reliable() is noinstr: no kprobe on it, so go
	 * through kallsyms_lookup_name(), which takes one
	 */
	ret = register_kprobe(&kp);
	if (ret) {
		pr_warn("setup fail: cannot find kallsyms_lookup_name (%d)\n",
			ret);
		return ret;
	}
	lookup = (void *)kp.addr;
	unregister_kprobe(&kp);
	walk_reliable = (walk_fn_t)lookup("arch_stack_walk_reliable");
	if (!walk_reliable) {
		pr_warn("setup fail: no arch_stack_walk_reliable\n");
		return -ENOENT;
	}

	ret = do_walk(current, &t, 0);
	report("self", ret == 0, ret, &t);

	ret = do_walk(current, &t, 2);
	report("stop", ret != 0, ret, &t);

	task = kthread_run(sleeper_fn, NULL, "klp_rel_sleeper");
	if (IS_ERR(task))
		return PTR_ERR(task);
	get_task_struct(task);
	wait_for_completion(&sleeper_started);
	/* let it reach schedule() in wait_for_completion() */
	while (READ_ONCE(task->__state) == TASK_RUNNING ||
	       READ_ONCE(task->on_cpu))
		msleep(20);
	msleep(20);
	ret = do_walk(task, &t, 0);
	report("sleeper", ret == 0, ret, &t);
	complete(&sleeper_go);
	kthread_stop(task);
	put_task_struct(task);

	rcu_read_lock();
	task = current->real_parent;
	get_task_struct(task);
	rcu_read_unlock();
	ret = do_walk(task, &t, 0);
	report("parent", ret == 0, ret, &t);
	put_task_struct(task);

	probe.addr = (kprobe_opcode_t *)probed_function;
	ret = register_kprobe(&probe);
	if (ret) {
		pr_warn("kprobe skip: cannot probe (%d)\n", ret);
	} else {
		probed_function(1);
		unregister_kprobe(&probe);
		report("kprobe", kprobe_ret != 0 && kprobe_ret != 1,
		       kprobe_ret, &kprobe_trace);
	}

	if (num_online_cpus() > 1) {
		int cpu = cpumask_any_but(cpu_online_mask, smp_processor_id());

		task = kthread_create(spinner_fn, NULL, "klp_rel_spinner");
		if (IS_ERR(task))
			return PTR_ERR(task);
		get_task_struct(task);
		kthread_bind(task, cpu);
		wake_up_process(task);
		while (!READ_ONCE(task->on_cpu))
			msleep(20);
		ret = do_walk(task, &t, 0);
		report("running", ret == -EBUSY, ret, &t);
		kthread_stop(task);
		put_task_struct(task);
	} else {
		pr_warn("running skip: one CPU\n");
	}

	pr_warn("done: %d failed\n", failures);
	return failures ? -EINVAL : 0;
}

static void __exit klp_reliable_test_exit(void)
{
}

module_init(klp_reliable_test_init);
module_exit(klp_reliable_test_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Checks arch_stack_walk_reliable() on known stacks");
