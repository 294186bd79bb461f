# SPDX-License-Identifier: GPL-2.0
# Shared by the per-cpu tests (test-percpu*.sh): a made-up kernel per
# arch, and its maps. Source it after tests/convert/lib.sh.

# per arch: kernel text, the static per-cpu area's start and its (odd,
# so that alignment shows) end
declare -A TEXT=([x86_64]=ffffffff81000000 [arm64]=ffff800080000000
	[ppc64le]=c000000000000000 [s390x]=0000000000100000)
declare -A PCS=([x86_64]=0000000000000000 [arm64]=ffff800082000000
	[ppc64le]=c000000002000000 [s390x]=0000000001000000)
declare -A PCE=([x86_64]=000000000002a123 [arm64]=ffff800082040123
	[ppc64le]=c000000002040123 [s390x]=0000000001040123)
# what the compiler's tracing calls need (-pg: __fentry__, _mcount)
declare -A MORE=([x86_64]='ffffffff81001000 T __fentry__'
	[ppc64le]='c000000000001000 T _mcount')

# pcpu_maps ARCH: ARCH.map, and ARCH-nopc.map without the per-cpu area
pcpu_maps() {
	{
		printf '%s T _text\n%s T _stext\n' "${TEXT[$1]}" "${TEXT[$1]}"
		[ -n "${MORE[$1]:-}" ] && echo "${MORE[$1]}"
	} >"$1-nopc.map"
	{
		cat "$1-nopc.map"
		printf '%s D __per_cpu_start\n%s D __per_cpu_end\n' \
			"${PCS[$1]}" "${PCE[$1]}"
	} >"$1.map"
}
