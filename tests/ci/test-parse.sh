#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The matrix's host side on recorded guest console logs (tests/ci/logs/,
# from a real x86_64 run of ci/matrix.sh, and variants of it): ci/parse.py
# must turn each into the right cells and ci/report.py must exit non-zero
# exactly when a cell that should pass failed. Host only, no QEMU.
. "$TOPDIR/tests/lib/tap.sh"
# the recorded arm64 runs are of the stock 6.12 kernel (no livepatch):
# its declared skips are the "arm64-stock" lines of ci/expected-skips.txt
export KLP_ARM64_STOCK=1
L=$TOPDIR/tests/ci/logs
P="python3 $TOPDIR/ci/parse.py"

cell() {	# cell RESULTS CHECK: print the status of CHECK
	awk -F'\t' -v c="$2" '$1 == c { print $2 }' "$1"
}

# report ARCH RESULTS: run ci/report.py on one arch's results into $REP;
# sets rc
report() {
	REP=$KLP_TMP/rep.$1.$(basename "$2")
	mkdir -p "$REP/$1"
	cp "$2" "$REP/$1/results.tsv"
	rc=0
	python3 "$TOPDIR/ci/report.py" "$REP" "$1" >"$REP/term" 2>&1 || rc=$?
}

# premises: the recordings are what their names say
grep -q '^KLPCI-END' "$L/x86_64-good.log"
ok $? "premise: the good log has the end marker"
! grep -q 'KLPCI-END' "$L/x86_64-hung.log"
ok $? "premise: the hung log has no end marker"
grep -q '^KLPCI: sample fail' "$L/x86_64-modfail.log"
ok $? "premise: the modfail log has the guest's failed sample load"
grep -q '^WARNING: CPU' "$L/x86_64-splat.log" && ! grep -q '^WARNING: CPU' "$L/x86_64-good.log"
ok $? "premise: only the splat log has a WARNING"

# a good run: every expected cell passes, the report exits 0
$P x86_64 "$L/x86_64-good.log" >"$KLP_TMP/good" 2>&1
ok $? "parse.py runs on the good log"
n=$(awk -F'\t' '$2 == "pass"' "$KLP_TMP/good" | wc -l)
[ "$n" -eq 12 ] && ! grep -qP '\t(fail|skip)\t' "$KLP_TMP/good"
ok $? "good log: 12 cells, all pass (got $n)"
for c in booted sample module test-livepatch.sh test-callbacks.sh \
	 test-shadow-vars.sh test-state.sh test-ftrace.sh test-sysfs.sh \
	 test-syscall.sh no-splat completed; do
	[ "$(cell "$KLP_TMP/good" "$c")" = pass ]
	ok $? "good log: $c passes"
done
report x86_64 "$KLP_TMP/good"
[ "$rc" -eq 0 ] && grep -q '| sample | PASS |' "$REP/report.md" &&
	grep -q 'failures="0"' "$REP/junit.xml"
ok $? "good log: report exits 0 with report.md and junit.xml (rc $rc)"

# a sample module that fails to load: its cell is red, the run fails
$P x86_64 "$L/x86_64-modfail.log" >"$KLP_TMP/modfail"
[ "$(cell "$KLP_TMP/modfail" sample)" = fail ] &&
	[ "$(cell "$KLP_TMP/modfail" test-livepatch.sh)" = pass ]
ok $? "modfail log: sample fails, the other cells still pass"
report x86_64 "$KLP_TMP/modfail"
[ "$rc" -ne 0 ] && grep -q '| sample | FAIL |' "$REP/report.md" &&
	grep -q 'FAIL x86_64 sample: insmod' "$REP/term" &&
	grep -q '<failure message="insmod' "$REP/junit.xml"
ok $? "modfail log: report exits non-zero and names the cell (rc $rc)"

# a hung guest: never a silent pass; the console tail is shown
$P x86_64 "$L/x86_64-hung.log" >"$KLP_TMP/hung"
[ "$(cell "$KLP_TMP/hung" completed)" = fail ]
ok $? "hung log: completed fails"
grep -P '^completed\tfail\t.*console tail: .*test_klp_atomic_replace' "$KLP_TMP/hung" >/dev/null
ok $? "hung log: the failure shows the console tail"
[ "$(cell "$KLP_TMP/hung" test-syscall.sh)" = fail ] &&
	[ "$(cell "$KLP_TMP/hung" test-callbacks.sh)" = pass ]
ok $? "hung log: checks never reached fail, the ones reached keep their result"
report x86_64 "$KLP_TMP/hung"
[ "$rc" -ne 0 ]
ok $? "hung log: report exits non-zero (rc $rc)"

# a splat in the kernel log fails the row even though every check passed
$P x86_64 "$L/x86_64-splat.log" >"$KLP_TMP/splat"
[ "$(cell "$KLP_TMP/splat" no-splat)" = fail ] &&
	grep -P '^no-splat\tfail\t.*WARNING: CPU: 0 PID: 97' "$KLP_TMP/splat" >/dev/null
ok $? "splat log: no-splat fails and quotes the WARNING"
report x86_64 "$KLP_TMP/splat"
[ "$rc" -ne 0 ]
ok $? "splat log: report exits non-zero (rc $rc)"

# empty or missing console: everything fails
$P x86_64 "$KLP_TMP/does-not-exist" >"$KLP_TMP/none"
[ "$(cell "$KLP_TMP/none" booted)" = fail ] && [ "$(cell "$KLP_TMP/none" completed)" = fail ]
ok $? "no console log: booted and completed fail"

# skips: declared ones (arm64, ci/expected-skips.txt) are not failures,
# the same skip on x86_64 is
sed -E 's/^KLPCI: (sample|test-[a-z-]+\.sh) pass .*/KLPCI: \1 skip no \/sys\/kernel\/livepatch in this kernel/' \
	"$L/x86_64-good.log" >"$KLP_TMP/skiplog"
grep -q '^KLPCI: test-state.sh skip' "$KLP_TMP/skiplog"
ok $? "premise: the skip variant has skip lines"
$P arm64 "$KLP_TMP/skiplog" >"$KLP_TMP/arm64"
[ "$(cell "$KLP_TMP/arm64" test-state.sh)" = skip ] &&
	grep -P '^sample\tskip\tdeclared: no HAVE_LIVEPATCH' "$KLP_TMP/arm64" >/dev/null
ok $? "arm64: the livepatch skips are declared skips"
report arm64 "$KLP_TMP/arm64"
[ "$rc" -eq 0 ] && grep -q 'skipped="8"' "$REP/junit.xml"
ok $? "arm64: declared skips alone keep the report green (rc $rc)"
$P x86_64 "$KLP_TMP/skiplog" >"$KLP_TMP/x86skip"
[ "$(cell "$KLP_TMP/x86skip" test-state.sh)" = fail ] &&
	grep -P '^test-state.sh\tfail\tundeclared skip' "$KLP_TMP/x86skip" >/dev/null
ok $? "x86_64: the same skip is undeclared and fails"

# our own samples: the guest's verdict, and the host's `klpreloc check`
# (ci/hostcheck.sh's files) each in its own cell
own=$KLP_TMP/own
mkdir -p "$own"
printf '%s\n' "t.ko load" "a.ko load" "b.ko refuse symbol 'x' not found in symbol table" >"$own/expect.txt"
cp "$own/expect.txt" "$own/check.txt"
# hc DIR FORM "KO VERDICT [KERNEL MESSAGE]"...: what ci/hostcheck.sh writes
hc() {
	local d=$1 f=$2 l ko v m
	shift 2
	mkdir -p "$d/$f"
	: >"$d/$f.txt"
	for l in "$@"; do
		read -r ko v m <<<"$l"
		echo "$ko $v" >>"$d/$f.txt"
		{ echo "+ klpreloc check ... $ko"
		  [ -z "$m" ] || echo "$ko: .klp.rela.vmlinux.text: rela 0: error: sym-not-found: kernel: $m"
		  echo "$ko: the end"; } >"$d/$f/$ko.out"
	done
}
hc "$KLP_TMP/hc-ok" map "t.ko n/a" "a.ko load" "b.ko refuse livepatch: symbol 'x' not found in symbol table"
hc "$KLP_TMP/hc-bad" map "t.ko n/a" "a.ko load" "b.ko load"
hc "$KLP_TMP/hc-msg" map "t.ko n/a" "a.ko load" "b.ko refuse livepatch: symbol 'y' not found in symbol table"
{ sed '/^KLPCI-DMESG-BEGIN/,$d' "$L/x86_64-good.log"
  echo "KLPCI: own:t.ko pass loaded"
  echo "KLPCI: own:a.ko pass loaded, patched, reverted, unloaded"
  echo "KLPCI: own:b.ko pass refused: symbol 'x' not found in symbol table"
  echo "KLPCI-DMESG-BEGIN"
  echo "klpci own b.ko 9.50"
  echo "livepatch: symbol 'x' not found in symbol table"
  echo "klpci own b.ko 9.50 done"
  echo "BUG: refusal text on a line that is not the expected one"
  sed -n '/^KLPCI-DMESG-BEGIN/,$p' "$L/x86_64-good.log" | sed 1d
} >"$KLP_TMP/ownlog"
$P x86_64 "$KLP_TMP/ownlog" "$own" "$KLP_TMP/hc-ok" >"$KLP_TMP/own-ok"
[ "$(cell "$KLP_TMP/own-ok" own:a.ko)" = pass ] && [ "$(cell "$KLP_TMP/own-ok" own:b.ko)" = pass ] &&
	[ "$(cell "$KLP_TMP/own-ok" hostcheck-map:a.ko)" = pass ] &&
	grep -P "^hostcheck-map:b.ko\tpass\tklpreloc check: refuse \(kernel: livepatch: symbol 'x'.*agrees" "$KLP_TMP/own-ok" >/dev/null
ok $? "own samples: guest and klpreloc check agree, verdict and message -> pass"
! grep -q '^hostcheck-map:t.ko' "$KLP_TMP/own-ok"
ok $? "own samples: a plain module gets no host check cell"
[ "$(cell "$KLP_TMP/own-ok" hostcheck-kallsyms:b.ko)" = fail ] &&
	grep -P '^hostcheck-kallsyms-zero:b.ko\tfail\tci/hostcheck.sh gave no verdict' "$KLP_TMP/own-ok" >/dev/null &&
	grep -P '^kallsyms\tfail\tthe guest printed no /proc/kallsyms dump' "$KLP_TMP/own-ok" >/dev/null
ok $? "own samples: a form that did not run, and no kallsyms dump, fail"
[ "$(cell "$KLP_TMP/own-ok" no-splat)" = fail ]
ok $? "own samples: a BUG: line is a splat even next to refusals"
$P x86_64 "$KLP_TMP/ownlog" "$own" "$KLP_TMP/hc-bad" >"$KLP_TMP/own-bad"
grep -P '^hostcheck-map:b.ko\tfail\tdisagrees: klpreloc check: load; the kernel: refuse' "$KLP_TMP/own-bad" >/dev/null &&
	[ "$(cell "$KLP_TMP/own-bad" own:b.ko)" = pass ]
ok $? "own samples: klpreloc check disagreeing with the guest fails its cell, not the guest's"
$P x86_64 "$KLP_TMP/ownlog" "$own" "$KLP_TMP/hc-msg" >"$KLP_TMP/own-msg"
grep -P "^hostcheck-map:b.ko\tfail\tdisagrees: .*symbol 'y'.*another message: livepatch: symbol 'x'" "$KLP_TMP/own-msg" >/dev/null
ok $? "own samples: the same verdict with another kernel message fails"
# a value that says where the module landed (s390's "value 0x..."):
# the same message but for it agrees, and says so; another number does not
rel="module b: relocation error for symbol .klp.sym.vmlinux.x,0 (r_type 19"
hc "$KLP_TMP/hc-val" map "t.ko n/a" "a.ko load" "b.ko refuse $rel, value 0xfffffc008071bfae)"
hc "$KLP_TMP/hc-rt" map "t.ko n/a" "a.ko load" "b.ko refuse ${rel%19}20, value 0xfffffc008070dfae)"
sed "s/^livepatch: symbol 'x' not found in symbol table\$/$rel, value 0xfffffc008070dfae)/" \
	"$KLP_TMP/ownlog" >"$KLP_TMP/ownlog-val"
$P x86_64 "$KLP_TMP/ownlog-val" "$own" "$KLP_TMP/hc-val" >"$KLP_TMP/own-val"
$P x86_64 "$KLP_TMP/ownlog-val" "$own" "$KLP_TMP/hc-rt" >"$KLP_TMP/own-rt"
grep -P '^hostcheck-map:b.ko\tpass\t.*agrees with the kernel \(but for addresses: .*value 0xfffffc008070dfae\)' \
	"$KLP_TMP/own-val" >/dev/null &&
	[ "$(cell "$KLP_TMP/own-rt" hostcheck-map:b.ko)" = fail ]
ok $? "own samples: a message that differs only in an address agrees, another r_type does not"
# without the guest's kernel log (it stopped after the samples), the
# expected text the guest found stands in for it
sed '/^KLPCI-DMESG-BEGIN/,$d' "$KLP_TMP/ownlog" >"$KLP_TMP/ownlog-nod"
$P x86_64 "$KLP_TMP/ownlog-nod" "$own" "$KLP_TMP/hc-ok" >"$KLP_TMP/own-nod"
$P x86_64 "$KLP_TMP/ownlog-nod" "$own" "$KLP_TMP/hc-msg" >"$KLP_TMP/own-nod2"
[ "$(cell "$KLP_TMP/own-nod" hostcheck-map:b.ko)" = pass ] &&
	[ "$(cell "$KLP_TMP/own-nod2" hostcheck-map:b.ko)" = fail ]
ok $? "own samples: no kernel log -> compared with the text the guest found"
# check.txt may declare that klpreloc does not model a refusal (arm64 6.12
# refuses every livepatch): host load, guest refuse -> declared, passes;
# and a host that agrees with the guest passes whatever check.txt says
printf '%s\n' "t.ko load" "a.ko load" "b.ko load" >"$own/check.txt"
$P x86_64 "$KLP_TMP/ownlog" "$own" "$KLP_TMP/hc-bad" >"$KLP_TMP/own-decl"
grep -P '^hostcheck-map:b.ko\tpass\tklpreloc check: load; kernel: refuse \(declared in check.txt' "$KLP_TMP/own-decl" >/dev/null
ok $? "own samples: a disagreement declared in check.txt passes"
$P x86_64 "$KLP_TMP/ownlog" "$own" "$KLP_TMP/hc-ok" >"$KLP_TMP/own-decl2"
[ "$(cell "$KLP_TMP/own-decl2" hostcheck-map:b.ko)" = pass ]
ok $? "own samples: klpreloc agreeing with the guest passes even against check.txt"
cp "$own/expect.txt" "$own/check.txt"
sed 's/^KLPCI: own:a.ko pass.*/KLPCI: own:a.ko fail insmod: Unknown symbol in module/' \
	"$KLP_TMP/ownlog" >"$KLP_TMP/ownlog2"
$P x86_64 "$KLP_TMP/ownlog2" "$own" "$KLP_TMP/hc-ok" >"$KLP_TMP/own-f"
[ "$(cell "$KLP_TMP/own-f" own:a.ko)" = fail ] &&
	grep -P '^hostcheck-map:a.ko\tfail\tdisagrees: klpreloc check: load; the kernel: refuse' "$KLP_TMP/own-f" >/dev/null
ok $? "own samples: a load sample the guest could not load fails, and so does load on the host"
# the refusal text itself is not a splat, even when it reads like one
printf '%s\n' "c.ko refuse BUG: made-up refusal" >"$own/expect.txt"
cp "$own/expect.txt" "$own/check.txt"
{ sed '/^KLPCI-DMESG-BEGIN/,$d' "$L/x86_64-good.log"
  echo "KLPCI: own:c.ko pass refused"
  echo "KLPCI-DMESG-BEGIN"
  echo "c: BUG: made-up refusal"
  sed -n '/^KLPCI-DMESG-BEGIN/,$p' "$L/x86_64-good.log" | sed 1d
} >"$KLP_TMP/ownlog3"
hc "$KLP_TMP/hc-c" map "c.ko refuse c: BUG: made-up refusal"
$P x86_64 "$KLP_TMP/ownlog3" "$own" "$KLP_TMP/hc-c" >"$KLP_TMP/own-c"
[ "$(cell "$KLP_TMP/own-c" no-splat)" = pass ]
ok $? "own samples: an expected refusal message is not a splat"
# pcpu_alloc() dumps the stack before percpu_modalloc()'s refusal: part
# of the refusal when it is expected, a splat when it is not, and so is
# a dump that no refusal follows
pcpu="p: Could not allocate 9000 bytes percpu data"
printf '%s\n' "p.ko refuse $pcpu" >"$own/expect.txt"
cp "$own/expect.txt" "$own/check.txt"
pcpulog() {	# pcpulog OUT WHO: a run whose dmesg has the dump, then WHO's line
	{ sed '/^KLPCI-DMESG-BEGIN/,$d' "$L/x86_64-good.log"
	  echo "KLPCI: own:p.ko pass refused"
	  echo "KLPCI-DMESG-BEGIN"
	  echo "percpu: allocation failed, size=9000 align=64 atomic=0, alloc from reserved chunk failed"
	  echo "CPU: 0 UID: 0 PID: 90 Comm: insmod Not tainted 6.12.57 #1"
	  echo "Call Trace:"
	  echo " dump_stack_lvl+0x5d/0x80"
	  echo " pcpu_alloc_noprof+0x7b1/0x800"
	  [ -z "$2" ] || echo "$2: Could not allocate 9000 bytes percpu data"
	  sed -n '/^KLPCI-DMESG-BEGIN/,$p' "$L/x86_64-good.log" | sed 1d
	} >"$1"
}
hc "$KLP_TMP/hc-p" map "p.ko refuse $pcpu"
pcpulog "$KLP_TMP/pcpu1" p
$P x86_64 "$KLP_TMP/pcpu1" "$own" "$KLP_TMP/hc-p" >"$KLP_TMP/pcpu1.res"
[ "$(cell "$KLP_TMP/pcpu1.res" no-splat)" = pass ]
ok $? "own samples: the per-cpu allocator's stack dump before an expected refusal is not a splat"
pcpulog "$KLP_TMP/pcpu2" q
$P x86_64 "$KLP_TMP/pcpu2" "$own" "$KLP_TMP/hc-p" >"$KLP_TMP/pcpu2.res"
[ "$(cell "$KLP_TMP/pcpu2.res" no-splat)" = fail ] &&
	grep -qP '^no-splat\tfail\t.*Call Trace' "$KLP_TMP/pcpu2.res"
ok $? "own samples: the same dump before another module's refusal is a splat"
pcpulog "$KLP_TMP/pcpu3" ""
$P x86_64 "$KLP_TMP/pcpu3" "$own" "$KLP_TMP/hc-p" >"$KLP_TMP/pcpu3.res"
[ "$(cell "$KLP_TMP/pcpu3.res" no-splat)" = fail ]
ok $? "own samples: a dump no refusal follows is a splat"
# a bare "Call Trace:" is told by the message its dump follows and its
# first frames, so that a failure's one line says what happened
{ sed '/^KLPCI-DMESG-BEGIN/,$d' "$L/x86_64-good.log"
  echo "KLPCI-DMESG-BEGIN"
  echo "rcu: INFO: rcu_sched self-detected stall on CPU"
  echo "rcu: 	0-....: (5250 ticks this GP) idle=8cc4/1/0x4000000000000002"
  echo "CPU: 0 UID: 0 PID: 977 Comm: test_klp-call_g Tainted: G K 6.12.118 #1"
  echo "Hardware name: QEMU 8561 QEMU (KVM/Linux)"
  echo "Call Trace:"
  echo " [<000003ffe030b97a>] arch_stack_walk+0x92/0xb0 "
  echo " [<000003ffe02014e6>] rcu_dump_cpu_stacks+0x66e/0x740 "
  echo " [<000003ffe0197006>] rcu_sched_clock_irq+0xe56/0x1b28 "
  echo " [<000003ffe0197ebe>] update_process_times+0x9e/0xa8 "
  echo " [<000003ffe0198064>] tick_nohz_handler+0x164/0x318 "
  sed -n '/^KLPCI-DMESG-BEGIN/,$p' "$L/x86_64-good.log" | sed 1d
} >"$KLP_TMP/rcu"
$P x86_64 "$KLP_TMP/rcu" "$own" "$KLP_TMP/hc-p" >"$KLP_TMP/rcu.res"
grep -P '^no-splat\tfail\tCall Trace: after "rcu:\s+0-\.\.\.\.: \(5250 ticks this GP\).*" in arch_stack_walk\+0x92/0xb0 < rcu_dump_cpu_stacks\+0x66e/0x740 < rcu_sched_clock_irq\+0xe56/0x1b28 < update_process_times\+0x9e/0xa8$' \
	"$KLP_TMP/rcu.res" >/dev/null
ok $? "a bare Call Trace is quoted with the message before its dump and four frames"
# sysfs_warn_dup() dumps the stack before kobject_add()'s -EEXIST, which
# refuses a patch that adds a sysfs name twice (klpreloc_lp_dupfunc)
dupm="kobject_add_internal failed for f,1 with -EEXIST"
printf '%s\n' "d.ko refuse $dupm" >"$own/expect.txt"
cp "$own/expect.txt" "$own/check.txt"
duplog() {	# duplog OUT NAME: the dump, then kobject's line for NAME
	{ sed '/^KLPCI-DMESG-BEGIN/,$d' "$L/x86_64-good.log"
	  echo "KLPCI: own:d.ko pass refused"
	  echo "KLPCI-DMESG-BEGIN"
	  echo "sysfs: cannot create duplicate filename '/kernel/livepatch/d/vmlinux/f,1'"
	  echo "Call Trace:"
	  echo " dump_stack_lvl+0x5d/0x80"
	  echo " sysfs_warn_dup+0x5a/0x70"
	  echo "kobject: kobject_add_internal failed for $2 with -EEXIST, don't try to register things with the same name in the same directory."
	  sed -n '/^KLPCI-DMESG-BEGIN/,$p' "$L/x86_64-good.log" | sed 1d
	} >"$1"
}
hc "$KLP_TMP/hc-d" map "d.ko refuse $dupm"
duplog "$KLP_TMP/dup1" f,1
$P x86_64 "$KLP_TMP/dup1" "$own" "$KLP_TMP/hc-d" >"$KLP_TMP/dup1.res"
[ "$(cell "$KLP_TMP/dup1.res" no-splat)" = pass ]
ok $? "own samples: sysfs's stack dump before an expected -EEXIST is not a splat"
duplog "$KLP_TMP/dup2" g,1
$P x86_64 "$KLP_TMP/dup2" "$own" "$KLP_TMP/hc-d" >"$KLP_TMP/dup2.res"
[ "$(cell "$KLP_TMP/dup2.res" no-splat)" = fail ] &&
	grep -qP '^no-splat\tfail\t.*Call Trace' "$KLP_TMP/dup2.res"
ok $? "own samples: the same dump before another name's -EEXIST is a splat"

# The arm64 proof variant, recorded: the series without patch 3
# (KLP_SERIES_OMIT=0003). The patch's relocations against the loaded
# target oops; the guest stops there (ci/guest/init), the cell shows the
# oops, the host's prediction disagrees, the report names the missing patch.
V=$TOPDIR/tests/ci/logs/arm64-omit0003
xz -dc "$V/console.log.xz" >"$KLP_TMP/omit.log"
grep -q '^Unable to handle kernel write to read-only memory' "$KLP_TMP/omit.log" &&
	grep -q '^KLPCI-WEDGED own:klpreloc_lp.ko' "$KLP_TMP/omit.log" &&
	grep -q '^omitted 0003-' "$V/series.txt"
ok $? "premise: the recorded run oopsed, stopped, and lacked patch 0003"
$P arm64 "$KLP_TMP/omit.log" "$V/own" "$V/hostcheck" >"$KLP_TMP/omit.res"
[ "$(cell "$KLP_TMP/omit.res" own:klpreloc_lp.ko)" = fail ] &&
	grep -P '^own:klpreloc_lp.ko\tfail\tkernel oops: Unable to handle kernel write to read-only memory at virtual address [0-9a-f]+;Internal error: Oops: .*;pc : reloc_insn_imm' "$KLP_TMP/omit.res" >/dev/null
ok $? "omit 0003: own:klpreloc_lp.ko is red with the oops and where it hit"
grep -P '^own:klpreloc_lp_pos1.ko\tfail\tnot run: the kernel oopsed at own:klpreloc_lp.ko' "$KLP_TMP/omit.res" >/dev/null &&
	[ "$(cell "$KLP_TMP/omit.res" completed)" = pass ]
ok $? "omit 0003: what came after is 'not run', and the guest ended (no hang)"
grep -P '^hostcheck-map:klpreloc_lp.ko\tfail\tdisagrees: klpreloc check: load; the kernel: oops' "$KLP_TMP/omit.res" >/dev/null
ok $? "omit 0003: klpreloc check (modelling the whole series) disagrees with the kernel"
grep -P '^no-splat\tfail\tInternal error: Oops' "$KLP_TMP/omit.res" >/dev/null
ok $? "omit 0003: no-splat is red"
for s in yes no; do
	R=$KLP_TMP/omitrep-$s
	mkdir -p "$R/arm64"
	cp "$KLP_TMP/omit.res" "$R/arm64/results.tsv"
	if [ $s = yes ]; then
		cp "$V/series.txt" "$R/arm64/"
	else
		sed 's/^omitted /applied /' "$V/series.txt" >"$R/arm64/series.txt"
	fi
	rc=0
	python3 "$TOPDIR/ci/report.py" "$R" arm64 >"$R/term" 2>&1 || rc=$?
	[ $s = yes ] && rc_yes=$rc
done
R=$KLP_TMP/omitrep-yes
p3=$(sed -n 's/^omitted //p' "$V/series.txt")
[ "$rc_yes" -ne 0 ] &&
	grep -qF "arm64: the kernel is built WITHOUT $p3 (KLP_SERIES_OMIT" "$R/report.md" &&
	grep -qF "FAIL arm64 own:klpreloc_lp.ko: kernel oops: Unable to handle" "$R/term" &&
	grep "^FAIL arm64 own:klpreloc_lp.ko" "$R/term" | grep -qF "[this kernel lacks $p3: KLP_SERIES_OMIT]" &&
	grep -F 'name="own:klpreloc_lp.ko"' -A1 "$R/junit.xml" | grep -qF "this kernel lacks $p3"
ok $? "omit 0003: report.md, the terminal and JUnit name the missing patch"
R=$KLP_TMP/omitrep-no
! grep -q 'WITHOUT\|lacks' "$R/report.md" "$R/term" &&
	grep -qF "arm64: the kernel carries 0001-" "$R/report.md"
ok $? "... and with the whole series they name none"

# make matrix EXTRA=DIR: the guest's extra:NAME.ko cells, and a missing
# one is red (a recorded EXTRA run's cells: Documentation/matrix.md)
xd=$KLP_TMP/extra
mkdir -p "$xd"
printf '%s\n' "a.ko load" "b.ko refuse made-up words" >"$xd/expect.txt"
{ sed '/^KLPCI-DMESG-BEGIN/,$d' "$L/x86_64-good.log"
  echo "KLPCI: extra:a.ko pass loaded, patched, reverted, unloaded"
  sed -n '/^KLPCI-DMESG-BEGIN/,$p' "$L/x86_64-good.log"; } >"$KLP_TMP/extralog"
$P x86_64 "$KLP_TMP/extralog" "" "" "" "$xd" "" "" >"$KLP_TMP/extra.res"
[ "$(cell "$KLP_TMP/extra.res" extra:a.ko)" = pass ] &&
	grep -P '^extra:b.ko\tfail\tno result: the guest never got there' "$KLP_TMP/extra.res" >/dev/null
ok $? "EXTRA: the guest's extra: cells, and one it never printed is red"
$P x86_64 "$KLP_TMP/extralog" "" "" "" "$KLP_TMP/no-such-dir" "" "" >"$KLP_TMP/extra2.res"
grep -P '^extra\tfail\tno expect.txt in ' "$KLP_TMP/extra2.res" >/dev/null
ok $? "EXTRA: a directory without expect.txt is red"

# our silent variants (OWN/silent/expect.txt): the guest's silent: cells,
# a missing one red, and conformance.py --label silent's cells (the
# ninth argument)
sd=$KLP_TMP/silentown
mkdir -p "$sd/silent" "$KLP_TMP/csil"
echo "klpreloc_target.ko load" >"$sd/expect.txt"
printf '%s\n' "klpreloc_lp_noflag.ko load" "klpreloc_lp_badinfo.ko load" \
	>"$sd/silent/expect.txt"
printf 'conformance-silent\tpass\t1 SILENT patch(es) compared\nconformance-silent:klpreloc_lp_noflag.ko\tpass\t2 sites, all equal\n' \
	>"$KLP_TMP/csil/cells.tsv"
{ sed '/^KLPCI-DMESG-BEGIN/,$d' "$L/x86_64-good.log"
  echo "KLPCI: silent:klpreloc_lp_noflag.ko pass loaded, patched, reverted, unloaded"
  sed -n '/^KLPCI-DMESG-BEGIN/,$p' "$L/x86_64-good.log"; } >"$KLP_TMP/silentlog"
$P x86_64 "$KLP_TMP/silentlog" "$sd" "" "" "" "" "" "$KLP_TMP/csil" >"$KLP_TMP/silent.res"
[ "$(cell "$KLP_TMP/silent.res" silent:klpreloc_lp_noflag.ko)" = pass ] &&
	grep -P '^silent:klpreloc_lp_badinfo.ko\tfail\tno result: the guest never got there' "$KLP_TMP/silent.res" >/dev/null &&
	[ "$(cell "$KLP_TMP/silent.res" conformance-silent:klpreloc_lp_noflag.ko)" = pass ] &&
	[ "$(cell "$KLP_TMP/silent.res" conformance-silent)" = pass ]
ok $? "silent: the guest's silent: cells, one it never printed red, conformance-silent's cells"
$P x86_64 "$KLP_TMP/silentlog" "$sd" "" "" "" "" "" "$KLP_TMP/no-such-dir" >"$KLP_TMP/silent2.res"
grep -P '^conformance-silent\tfail\tci/conformance.py wrote no cells' "$KLP_TMP/silent2.res" >/dev/null
ok $? "silent: no conformance-silent cells written is red"

# ci/expected-disagreements.txt's lines by arch: an arm64 line holds for
# the arm64 kernel with the series, not for the stock one (arm64-stock)
printf '%s\n' '# c' 'arm64 hostcheck-x*:a.ko why' 'arm64-stock hostcheck-y:a.ko stock' \
	>"$KLP_TMP/disagree.txt"
dis() {	# dis ARCH CHECK [STOCK]
	KLP_ARM64_STOCK=${3:-0} python3 -c '
import sys
sys.path.insert(0, sys.argv[1])
import parse
print(parse.disagreement(sys.argv[2], sys.argv[3], sys.argv[4]))' \
		"$TOPDIR/ci" "$1" "$2" "$KLP_TMP/disagree.txt"
}
[ "$(dis arm64 hostcheck-xz:a.ko)" = why ] &&
	[ "$(dis arm64 hostcheck-xz:a.ko 1)" = None ] &&
	[ "$(dis arm64 hostcheck-y:a.ko 1)" = stock ] &&
	[ "$(dis arm64 hostcheck-y:a.ko)" = None ] &&
	[ "$(dis x86_64 hostcheck-xz:a.ko)" = None ]
ok $? "expected disagreements: arm64's lines are not the stock kernel's, arm64-stock's only its"

# a tree without test-syscall.sh (6.1): ci/modules.sh's list beside the
# own samples says which kselftests the guest had to run
k6=$KLP_TMP/k61
mkdir -p "$k6/own" "$k6/selftests"
printf '%s\n' "t.ko load" >"$k6/own/expect.txt"
cp "$k6/own/expect.txt" "$k6/own/check.txt"
grep -v '^KLPCI: test-syscall.sh ' "$L/x86_64-good.log" >"$KLP_TMP/k61.log"
! grep -q 'test-syscall.sh pass' "$KLP_TMP/k61.log"
ok $? "premise: the log has no test-syscall.sh result"
$P x86_64 "$KLP_TMP/k61.log" "$k6/own" >"$KLP_TMP/k61a.res"
[ "$(cell "$KLP_TMP/k61a.res" test-syscall.sh)" = fail ]
ok $? "without the list, a missing test-syscall.sh fails"
printf '%s\n' test-livepatch.sh test-callbacks.sh test-shadow-vars.sh \
	test-state.sh test-ftrace.sh test-sysfs.sh >"$k6/selftests/list"
$P x86_64 "$KLP_TMP/k61.log" "$k6/own" >"$KLP_TMP/k61b.res"
[ -z "$(cell "$KLP_TMP/k61b.res" test-syscall.sh)" ] &&
	[ "$(cell "$KLP_TMP/k61b.res" test-sysfs.sh)" = pass ]
ok $? "with a list that lacks it, nothing is expected of test-syscall.sh"

tap_done
