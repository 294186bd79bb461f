#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run libFuzzer harnesses for a bounded time each and report what they did.
#
#   fuzz/run.sh O SECONDS [HARNESS...]
#
# O is make fuzz's object directory (O/fuzz/bin/HARNESS). Each harness
# starts from its seeds in fuzz/corpus/HARNESS (never written) and the
# inputs earlier runs kept in O/corpus/HARNESS, with the dictionary
# fuzz/klp.dict; anything it finds lands in O/artifacts/HARNESS/ and fails
# the run: make it a regression test (fuzz/regress/HARNESS/, replayed by
# tests/fuzz/test-regress.sh) before fixing it. The fixtures the check and
# convert harnesses load are unpacked into O/data.
#
# FUZZ_NICE (default 19) is the niceness, FUZZ_ARGS more libFuzzer options
# (e.g. -jobs=2 -workers=2, -runs=N).
set -u
O=${1:?usage: fuzz/run.sh O SECONDS [HARNESS...]}
S=${2:-20}
shift 2
TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP" || exit 2
names=("$@")
[ ${#names[@]} -gt 0 ] || names=($(ls fuzz/*.c | sed -n 's|^fuzz/||; s|\.c$||p' |
	grep -vx 'common\|replay'))

# the per-arch fixtures check and convert load once (tests/fixtures),
# fresh each run: a finding must replay against what make check unpacks
export KLP_FUZZ_DATA=$TOP/$O/data
for a in x86_64 arm64 ppc64le s390x; do
	rm -rf "${KLP_FUZZ_DATA:?}/$a"
	mkdir -p "$KLP_FUZZ_DATA/$a"
	tar -xJf "tests/fixtures/$a/fixtures.tar.xz" -C "$KLP_FUZZ_DATA/$a" ||
		exit 2
done

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
bad=0
printf '%-16s %12s %8s %8s %8s %s\n' harness execs exec/s cov ft result \
	>"$O/fuzz-summary.txt"
for h in "${names[@]}"; do
	bin=$O/fuzz/bin/$h
	[ -x "$bin" ] || { echo "fuzz: no harness $h ($bin)" >&2; exit 2; }
	mkdir -p "$O/corpus/$h" "$O/artifacts/$h" "$O/logs"
	seeds=()
	[ -d "fuzz/corpus/$h" ] && seeds=("fuzz/corpus/$h")
	# the ELF model starts from every module the other harnesses have
	[ "$h" = elf ] && seeds=(fuzz/corpus/check-* fuzz/corpus/convert)
	log=$O/logs/$h.log
	echo "fuzz: $h for ${S}s"
	# what this run finds is newer than this; older files were reported
	stamp=$O/logs/$h.start
	touch "$stamp"
	# text and names are short; a module is a few KiB, 64 KiB leaves room
	nice -n "${FUZZ_NICE:-19}" "$bin" -max_total_time="$S" \
		-print_final_stats=1 -dict=fuzz/klp.dict -max_len=65536 \
		-timeout=10 -rss_limit_mb=2048 -detect_leaks=1 \
		-artifact_prefix="$O/artifacts/$h/" \
		${FUZZ_ARGS:-} "$O/corpus/$h" ${seeds[@]+"${seeds[@]}"} \
		>"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" |
		tail -1)
	speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
	last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1)
	cov=$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
	ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
	found=$(find "$O/artifacts/$h" -type f -newer "$stamp" \
		-printf '%f ')
	result=ok
	if [ "$rc" -ne 0 ] || [ -n "$found" ]; then
		result="FOUND (exit $rc): $found"
		bad=1
		grep -E -m3 'ERROR|runtime error|SUMMARY' "$log" | sed 's/^/    /'
	fi
	printf '%-16s %12s %8s %8s %8s %s\n' "$h" "${execs:-?}" \
		"${speed:-?}" "${cov:-?}" "${ft:-?}" "$result" |
		tee -a "$O/fuzz-summary.txt"
	# every run, for fuzz/CAMPAIGNS.md: when, on which commit, what
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
		"$(date -u +%FT%TZ)" "$(git rev-parse --short HEAD 2>/dev/null)" \
		"$h" "$S" "${execs:-?}" "${cov:-?}" "${ft:-?}" "$result" \
		>>"$O/campaigns.tsv"
done
echo "fuzz: summary in $O/fuzz-summary.txt, logs in $O/logs"
[ "$bad" -eq 0 ] || echo "fuzz: findings in $O/artifacts: each becomes fuzz/regress/HARNESS/NAME (Documentation/fuzzing.md) before the fix" >&2
exit "$bad"
