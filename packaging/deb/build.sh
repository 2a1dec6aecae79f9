#!/bin/sh
# Builds the Debian package from a built checkout (mvn -q -DskipTests package first):
#   packaging/deb/build.sh [OUTDIR]   → OUTDIR/cloudlet-handoff_VERSION_all.deb (default packaging/deb/out)
# Contents: /usr/bin/handoff, the jars in /usr/share/cloudlet-handoff, the libvirt hook in
# /etc/libvirt/hooks/qemu.d/ (libvirt runs every hook there), /etc/default/cloudlet-handoff (the daemon's and the
# hook's settings), a systemd unit for the daemon, and /var/lib/cloudlet-handoff/{bases,disks}.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${1:-$here/out}
jar=$(ls "$root"/driver/target/driver-*.jar 2>/dev/null | grep -v -e '-sources' -e '-tests' | head -n 1)
if [ -z "$jar" ] || [ ! -d "$root/driver/target/lib" ]; then
  echo "build.sh: no built driver jar (run: mvn -q -DskipTests package)" >&2
  exit 1
fi
pom_version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$root/pom.xml" | head -n 1)
version=$(echo "$pom_version" | sed 's/-SNAPSHOT/~snapshot/')
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
install -d "$tree/DEBIAN" "$tree/usr/bin" "$tree/usr/share/cloudlet-handoff/lib" "$tree/etc/libvirt/hooks/qemu.d" \
  "$tree/etc/default" "$tree/lib/systemd/system" "$tree/usr/share/doc/cloudlet-handoff"
install -m 0755 "$root/bin/handoff" "$tree/usr/bin/handoff"
install -m 0644 "$jar" "$tree/usr/share/cloudlet-handoff/"
install -m 0644 "$root"/driver/target/lib/*.jar "$tree/usr/share/cloudlet-handoff/lib/"
install -m 0755 "$root/hooks/qemu" "$tree/etc/libvirt/hooks/qemu.d/cloudlet-handoff"
install -m 0644 "$here/files/default" "$tree/etc/default/cloudlet-handoff"
install -m 0644 "$here/files/cloudlet-handoff.service" "$tree/lib/systemd/system/cloudlet-handoff.service"
install -m 0644 "$root/README.md" "$tree/usr/share/doc/cloudlet-handoff/README.md"
install -m 0755 "$here/files/postinst" "$tree/DEBIAN/postinst"
echo /etc/default/cloudlet-handoff > "$tree/DEBIAN/conffiles"
echo /etc/libvirt/hooks/qemu.d/cloudlet-handoff >> "$tree/DEBIAN/conffiles"
size=$(du -sk "$tree" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@SIZE@/$size/" "$here/files/control" > "$tree/DEBIAN/control"
mkdir -p "$out"
deb="$out/cloudlet-handoff_${version}_all.deb"
dpkg-deb --root-owner-group -Zxz --build "$tree" "$deb" >/dev/null
echo "$deb"
