#!/bin/sh
# Builds the Debian package and checks it: the files it installs, its control data, and that the command and the
# hook it installs run from the unpacked tree (dpkg-deb -x; the machine's own /usr is not touched).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
deb=$("$here/build.sh" "$work/out")
fail() { echo "check.sh: $*" >&2; exit 1; }
dpkg-deb -c "$deb" > "$work/contents"
for f in ./usr/bin/handoff ./etc/libvirt/hooks/qemu.d/cloudlet-handoff ./etc/default/cloudlet-handoff \
         ./lib/systemd/system/cloudlet-handoff.service ./usr/share/cloudlet-handoff/lib/; do
  grep -q " $f\$" "$work/contents" || fail "$f is not in the package"
done
ls_jar=$(grep -c '/usr/share/cloudlet-handoff/driver-.*\.jar$' "$work/contents") || true
[ "$ls_jar" = 1 ] || fail "expected one driver jar, found $ls_jar"
[ "$(dpkg-deb -f "$deb" Package)" = cloudlet-handoff ] || fail "wrong package name"
dpkg-deb -f "$deb" Depends | grep -q libfuse2 || fail "libfuse2 is not a dependency"
dpkg-deb -e "$deb" "$work/control"
grep -qx /etc/default/cloudlet-handoff "$work/control/conffiles" || fail "/etc/default/cloudlet-handoff is not a conffile"
dpkg-deb -x "$deb" "$work/root"
HANDOFF_LIB=$work/root/usr/share/cloudlet-handoff "$work/root/usr/bin/handoff" --help > "$work/help"
grep -q "libvirt hook" "$work/help" || fail "the installed command does not list 'libvirt hook'"
# the hook returns at once for events it does not act on, and for domains without the handoff's metadata
echo "<domain><name>x</name></domain>" | "$work/root/etc/libvirt/hooks/qemu.d/cloudlet-handoff" x started begin - \
  || fail "the hook failed on an event it ignores"
echo "<domain><name>x</name></domain>" | HANDOFF=/bin/false "$work/root/etc/libvirt/hooks/qemu.d/cloudlet-handoff" x migrate begin - \
  || fail "the hook started the handoff command for a domain without the handoff's metadata"
echo "check.sh: $(basename "$deb") ok ($(du -k "$deb" | cut -f1) KiB)"
