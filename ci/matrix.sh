#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ci/matrix.sh [ARCH...]: the QEMU matrix (`make matrix [ARCHES=...]`).
# Per arch: kernel (cached), modules, initramfs, `klpreloc check` on the
# host against System.map, boot under TCG, `klpreloc check` against the
# guest's /proc/kallsyms dumps, `klpreloc apply` against the bytes the
# guest's kernel wrote (ci/conformance.py), parse the console. Kernels build one at a time
# (-j2); each guest boots in the background while the next kernel builds.
# Writes ci/out/{report.md,junit.xml,ARCH/console.log,...}; exits non-zero
# if any cell that is expected to pass fails.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

arches=("$@")
# the reload cycles of the conformance stress, in the guest (boot.sh) and
# on the host (conformance.py)
export KLPCI_CONF_CYCLES=${KLPCI_CONF_CYCLES:-100}
[ ${#arches[@]} -gt 0 ] || read -r -a arches <<<"$ALL_ARCHES"
# EXTRA=DIR: the user's modules, DIR/ARCH/*.ko with DIR/ARCH/expect.txt
if [ -n "${EXTRA:-}" ]; then
	[ -d "$EXTRA" ] || { echo "ci: EXTRA=$EXTRA: no such directory" >&2; exit 2; }
	EXTRA=$(cd "$EXTRA" && pwd)
fi
for a in "${arches[@]}"; do arch_vars "$a"; done
mkdir -p "$OUT"
for a in "${arches[@]}"; do rm -rf "${OUT:?}/$a.prev"; done

t_all=$(date +%s)
progress all deps "install/check packages, guest userland"
t=$(date +%s)
"$CI_DIR/deps.sh" "${arches[@]}"
t_deps=$(($(date +%s) - t))
progress all klpreloc "make"
run "$OUT/klpreloc-build.log" make -C "$TOPDIR" -s klpreloc || true

count() { awk -F'\t' -v s="$1" '$2 == s' "$2/results.tsv" | wc -l; }

# guest ARCH TREE: boot, then parse; runs in the background
guest() {
	local a=$1 tree=$2 d=$OUT/$1 t rc=0
	t=$(date +%s)
	progress "$a" boot "QEMU (TCG), log: $d/console.log"
	"$CI_DIR/boot.sh" "$a" "$tree" "$d/initrd.gz" "$d/console.log" || rc=$?
	printf 'boot\t%d\n' $(($(date +%s) - t)) >>"$d/times.tsv"
	[ "$rc" -ne 124 ] || progress "$a" boot "TIMED OUT"
	# klpreloc check on the /proc/kallsyms dumps the guest printed
	t=$(date +%s)
	python3 "$CI_DIR/kallsyms.py" "$d/console.log" "$d/kallsyms" || true
	"$CI_DIR/hostcheck.sh" "$a" "$tree" "$d/mod/own" "$d/hostcheck" \
		"$d/kallsyms" || true
	printf 'hostcheck\t%d\n' $(($(date +%s) - t)) >>"$d/times.tsv"
	# the byte conformance: `klpreloc apply` for every record the guest
	# printed, held against the bytes its kernel wrote
	t=$(date +%s)
	local aopts=() o _
	while read -r o _; do
		[ -z "$o" ] || aopts+=(--arch-opt "$o")
	done < <(arch_opts "$a" "$tree" 2>/dev/null || true)
	python3 "$CI_DIR/conformance.py" "$a" "$d/console.log" "$d/mod/own" \
		"$d/kallsyms" "$d/conformance" --cycles "$KLPCI_CONF_CYCLES" \
		--tsv "$d/conformance.tsv" --kernel "$KVER" \
		${aopts[@]+"${aopts[@]}"} \
		>"$d/conformance.log" 2>&1 || {
		mkdir -p "$d/conformance"
		printf 'conformance\tfail\tci/conformance.py failed: %s\n' \
			"$(tail -n1 "$d/conformance.log")" >"$d/conformance/cells.tsv"
	}
	printf 'conformance\t%d\n' $(($(date +%s) - t)) >>"$d/times.tsv"
	if [ -d "$d/mod/extra" ]; then
		KLPCI_LABEL=extra "$CI_DIR/hostcheck.sh" "$a" "$tree" \
			"$d/mod/extra" "$d/hostcheck-extra" "$d/kallsyms" || true
		python3 "$CI_DIR/conformance.py" "$a" "$d/console.log" \
			"$d/mod/extra" "$d/kallsyms" "$d/conformance-extra" \
			--extra --tsv "$d/conformance-extra.tsv" --kernel "$KVER" \
			${aopts[@]+"${aopts[@]}"} >"$d/conformance-extra.log" 2>&1 || {
			mkdir -p "$d/conformance-extra"
			printf 'conformance-extra\tfail\tci/conformance.py --extra failed: %s\n' \
				"$(tail -n1 "$d/conformance-extra.log")" \
				>"$d/conformance-extra/cells.tsv"
		}
	fi
	# our silent variants, loaded after the byte conformance
	if [ -f "$d/mod/own/silent/expect.txt" ]; then
		python3 "$CI_DIR/conformance.py" "$a" "$d/console.log" \
			"$d/mod/own/silent" "$d/kallsyms" "$d/conformance-silent" \
			--extra --label silent --kernel "$KVER" \
			--tsv "$d/conformance-silent.tsv" \
			${aopts[@]+"${aopts[@]}"} >"$d/conformance-silent.log" 2>&1 || {
			mkdir -p "$d/conformance-silent"
			printf 'conformance-silent\tfail\tci/conformance.py --label silent failed: %s\n' \
				"$(tail -n1 "$d/conformance-silent.log")" \
				>"$d/conformance-silent/cells.tsv"
		}
	fi
	# the extra set's cells: only for an arch EXTRA has modules for
	local x=("" "" "") s=""
	[ ! -d "$d/mod/extra" ] ||
		x=("$d/mod/extra" "$d/hostcheck-extra" "$d/conformance-extra")
	[ ! -f "$d/mod/own/silent/expect.txt" ] || s=$d/conformance-silent
	python3 "$CI_DIR/parse.py" "$a" "$d/console.log" "$d/mod/own" \
		"$d/hostcheck" "$d/conformance" "${x[@]}" "$s" \
		>>"$d/results.tsv"
	printf 'total\t%d\n' $(($(date +%s) - $(cat "$d/t0"))) >>"$d/times.tsv"
	progress "$a" boot "done: $(count pass "$d") pass, $(count fail "$d") fail, $(count skip "$d") declared skip, $(count xfail "$d") declared disagreement"
}

# extra_mods ARCH D: EXTRA's modules for ARCH into D/mod/extra, each
# checked to be a module for ARCH; a problem is a red cell
extra_mods() {
	local a=$1 d=$2 src ko m
	src=${EXTRA:+$EXTRA/$1}
	[ -n "$src" ] || return 0
	if [ ! -f "$src/expect.txt" ]; then
		# an arch the set has nothing for runs as usual
		progress "$a" extra "none: $EXTRA has no $a/expect.txt"
		return 0
	fi
	mkdir -p "$d/mod/extra"
	cp "$src/expect.txt" "$d/mod/extra/"
	[ ! -f "$src/observe.txt" ] || cp "$src/observe.txt" "$d/mod/extra/"
	while read -r ko _; do
		[ -n "$ko" ] || continue
		m=$("$TOPDIR/klpreloc" inspect --json "$src/$ko" 2>/dev/null |
			python3 -c 'import json, sys; print(json.load(sys.stdin)["arch"])' \
			2>/dev/null || true)
		if [ "$m" != "$a" ]; then
			printf 'extra:%s\tfail\tnot a module for %s (%s)\n' "$ko" \
				"$a" "${m:-unreadable}" >>"$d/results.tsv"
			continue
		fi
		cp "$src/$ko" "$d/mod/extra/"
	done <"$src/expect.txt"
	progress "$a" extra "$(grep -c . "$src/expect.txt") modules from $src"
}

# at most KLPCI_GUESTS guests at a time (default 2: two cores; a guest
# waiting in a kselftest's sleep leaves its core to the others)
pids=()
for a in "${arches[@]}"; do
	d=$OUT/$a
	rm -rf "$d/mod" "$d/results.tsv" "$d/times.tsv" "$d/console.log" \
		"$d/hostcheck" "$d/hostcheck.txt" "$d/kallsyms" \
		"$d/conformance" "$d/conformance.tsv" "$d/conformance.log" \
		"$d/hostcheck-extra" "$d/conformance-extra" \
		"$d/conformance-extra.tsv" "$d/conformance-extra.log" \
		"$d/conformance-silent" "$d/conformance-silent.tsv" \
		"$d/conformance-silent.log"
	mkdir -p "$d"
	date +%s >"$d/t0"
	printf 'deps\t%d\n' "$t_deps" >"$d/times.tsv"
	: >"$d/results.tsv"

	t=$(date +%s)
	if ! tree=$("$CI_DIR/kernel.sh" "$a" | tail -n1) || [ ! -d "$tree" ]; then
		printf 'kernel\tfail\tbuild failed, see %s/kernel.log\n' "$d" \
			>>"$d/results.tsv"
		continue
	fi
	printf 'kernel\t%d\n' $(($(date +%s) - t)) >>"$d/times.tsv"
	printf 'kernel\tpass\t%s\n' "$tree" >>"$d/results.tsv"
	config_check "$a" "$tree" >>"$d/results.tsv" || true

	t=$(date +%s)
	if ! "$CI_DIR/modules.sh" "$a" "$tree" "$d/mod"; then
		printf 'modules\tfail\tsee %s/modules.log\n' "$d" >>"$d/results.tsv"
		continue
	fi
	printf 'modules\t%d\n' $(($(date +%s) - t)) >>"$d/times.tsv"
	printf 'modules\tpass\tbuilt out of tree (M=)\n' >>"$d/results.tsv"
	[ ! -f "$d/mod/own/BUILD-FAILED" ] ||
		printf 'own:build\tfail\tsamples/livepatch/build.sh failed, see %s/modules.log\n' \
			"$d" >>"$d/results.tsv"

	extra_mods "$a" "$d"

	t=$(date +%s)
	"$CI_DIR/initramfs.sh" "$a" "$d/mod" "$d/initrd.gz"
	"$CI_DIR/hostcheck.sh" "$a" "$tree" "$d/mod/own" "$d/hostcheck" || true
	[ ! -d "$d/mod/extra" ] || KLPCI_LABEL=extra "$CI_DIR/hostcheck.sh" \
		"$a" "$tree" "$d/mod/extra" "$d/hostcheck-extra" || true
	printf 'initramfs\t%d\n' $(($(date +%s) - t)) >>"$d/times.tsv"

	while [ "$(jobs -rp | wc -l)" -ge "${KLPCI_GUESTS:-2}" ]; do
		wait -n || true
	done
	guest "$a" "$tree" &
	pids+=($!)
done
for p in "${pids[@]}"; do wait "$p" || true; done

progress all report "$OUT/report.md $OUT/junit.xml (total $(($(date +%s) - t_all))s)"
rc=0
python3 "$CI_DIR/report.py" "$OUT" "${arches[@]}" || rc=$?
exit "$rc"
