#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Set-up as a new user meets it: make install (DESTDIR, PREFIX) puts the
# binary and the manual page in place; plain make without libelf-dev stops
# before compiling with one line naming the package; scripts/deps.sh goes
# on when apt-get update partly fails and fails, with apt's error, only
# when the install does.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 1
O=$(dirname "$KLPRELOC")
MAKE=(make --no-print-directory -C "$TOPDIR")

# make install, without rebuilding the binary under test (-o)
run "${MAKE[@]}" -o "$KLPRELOC" O="$O" DESTDIR="$T/root" install
[ $rc -eq 0 ]
ok $? "make install DESTDIR=... (exit $rc)"
[ $rc -eq 0 ] || show "$T/err"
bin=$T/root/usr/local/bin/klpreloc man=$T/root/usr/local/share/man/man1/klpreloc.1
[ -x "$bin" ] && cmp -s "$bin" "$KLPRELOC"
ok $? "bin/klpreloc installed under PREFIX=/usr/local"
[ -f "$man" ] && [ "$(stat -c %a "$man")" = 644 ]
ok $? "share/man/man1/klpreloc.1 installed, mode 644"
grep -q "^\.TH KLPRELOC 1 .*\"klpreloc $(cat "$TOPDIR/VERSION")\"" "$man" &&
	! grep -q @VERSION@ "$man"
ok $? "the installed page carries the version"
[ "$("$bin" --version)" = "klpreloc $(cat "$TOPDIR/VERSION")" ]
ok $? "the installed binary runs"
if command -v groff >/dev/null; then
	groff -man -Tutf8 -ww -z "$man" 2>"$T/err" && [ ! -s "$T/err" ]
	ok $? "the page renders without a groff warning"
	[ -s "$T/err" ] && show "$T/err"
else
	grep -q '^\.SH EXIT STATUS' "$man"
	ok $? "the page has an EXIT STATUS section (no groff to render it)"
fi
run "${MAKE[@]}" -o "$KLPRELOC" O="$O" DESTDIR="$T/root2" PREFIX=/opt/k install
[ -x "$T/root2/opt/k/bin/klpreloc" ] && [ -f "$T/root2/opt/k/share/man/man1/klpreloc.1" ]
ok $? "PREFIX=/opt/k moves both"
run "${MAKE[@]}" O="$O" DESTDIR="$T/root" uninstall
[ $rc -eq 0 ] && [ ! -e "$bin" ] && [ ! -e "$man" ]
ok $? "make uninstall removes both"

# plain make on a machine without libelf-dev: a compiler that finds no
# system header stands in for it
run "${MAKE[@]}" O="$T/fresh" CC="gcc --sysroot=$T/nosysroot" "$T/fresh/klpreloc"
[ $rc -ne 0 ] && [ "$(wc -l < "$T/err")" -eq 1 ] &&
	grep -q 'gelf.h not found: install libelf-dev' "$T/err"
ok $? "make without gelf.h: one line naming libelf-dev (exit $rc)"
grep -q libelf-dev "$T/err" || show "$T/err"
! grep -q 'CC ' "$T/out" && [ -z "$(find "$T/fresh" -name '*.o' 2>/dev/null)" ]
ok $? "... before compiling anything"
run "${MAKE[@]}" O="$T/fresh" CC=no-such-cc "$T/fresh/klpreloc"
[ $rc -ne 0 ] && [ "$(wc -l < "$T/err")" -eq 1 ] &&
	grep -q "no C compiler 'no-such-cc': install gcc" "$T/err"
ok $? "make without a compiler: one line naming gcc (exit $rc)"

# scripts/deps.sh against a stand-in apt: every package missing, update
# failing as a mirror mid-sync does, install as $APT_INSTALL says
mkdir -p fake
cat > fake/dpkg-query <<'EOF'
#!/bin/sh
exit 1
EOF
cat > fake/id <<'EOF'
#!/bin/sh
echo 0
EOF
cat > fake/apt-get <<'EOF'
#!/bin/sh
echo "apt-get $*" >> "$APT_LOG"
case " $* " in
*" update "*)
	[ "$APT_UPDATE" = ok ] && exit 0
	echo "E: Failed to fetch http://deb.debian.org/debian/dists/bookworm/main/binary-s390x/Packages.xz  File has unexpected size (1234 != 5678). Mirror sync in progress?" >&2
	exit 100 ;;
*" install "*)
	[ "$APT_INSTALL" = ok ] && exit 0
	echo "E: Unable to locate package libelf-dev" >&2
	exit 100 ;;
esac
exit 0
EOF
chmod +x fake/*
deps() {	# deps UPDATE INSTALL: run scripts/deps.sh build with the fakes
	: > apt.log
	rc=0
	PATH=$T/fake:$PATH APT_LOG=$T/apt.log APT_UPDATE=$1 APT_INSTALL=$2 \
		bash "$TOPDIR/scripts/deps.sh" build >"$T/out" 2>"$T/err" || rc=$?
}
deps fail ok
[ $rc -eq 0 ] && grep -q "apt-get install .*libelf-dev" apt.log
ok $? "deps.sh: update fails, install works: exit 0, installed (exit $rc)"
[ $rc -eq 0 ] || show "$T/err"
grep -q "deps: warning: apt-get update failed" "$T/err" &&
	grep -q "Mirror sync in progress" "$T/err"
ok $? "deps.sh: ... with a warning and apt's error shown"
deps fail fail
[ $rc -ne 0 ] && grep -q "E: Unable to locate package libelf-dev" "$T/err" &&
	grep -q "deps: could not install" "$T/err"
ok $? "deps.sh: install fails: exit $rc, apt's error shown"
deps ok ok
[ $rc -eq 0 ] && ! grep -q warning "$T/err"
ok $? "deps.sh: all well: exit 0, no warning"
deps ok fail
[ $rc -ne 0 ]
ok $? "deps.sh: update works, install fails: exit $rc"

tap_done
