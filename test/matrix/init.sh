#!/bin/sh
# /init of the matrix initramfs (busybox). Proves blcr.ko on the booted kernel and prints
# one BLCR-* marker per result on the serial console; src/matrix/parse-log.ts reads them.
#   BLCR-BEGIN <release>
#   BLCR-WRONGMAP rc=N          insmod with another kernel's System.map (must fail)
#   BLCR-TAMPERED rc=N          this kernel's map with one import moved (must fail)
#   BLCR-KLOG <line>            blcr.ko's kernel log lines after each attempt
#   BLCR-INSMOD rc=N            insmod with this kernel's System.map (must load)
#   BLCR-DEV ...                /dev/blcr ABI/status/pid helper (blcr-devtest)
#   BLCR-FEATURE name=yes|no    the engine's kernel features (crfeatures)
#   BLCR-E2E root|user=pass|fail|n/a   (e2e.sh)
#   BLCR-RMMOD rc=N
#   BLCR-END status=N
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mkdir -p /tmp && mount -t tmpfs tmpfs /tmp
dmesg -n 1 2>/dev/null
status=0
echo "BLCR-BEGIN $(uname -r)"
echo "BLCR-UPTIME init $(cut -d' ' -f1 /proc/uptime)"

insmod_with() { # PARAMS-FILE
	# shellcheck disable=SC2046 # one word per parameter
	insmod /lib/blcr/blcr.ko $(cat "$1") 2>&1
}

klog() { # the module's kernel lines since the last call
	dmesg -c | grep 'blcr: ' | sed 's/^/BLCR-KLOG /'
}

must_refuse() { # MARKER PARAMS-FILE
	[ -s "$2" ] || return 0
	insmod_with "$2"
	r=$?
	echo "$1 rc=$r"
	[ $r -ne 0 ] || { status=1; rmmod blcr; }
	klog
}
# another kernel's map; this kernel's map with kernel_clone moved by 16 bytes
must_refuse BLCR-WRONGMAP /etc/blcr/wrong.params
must_refuse BLCR-TAMPERED /etc/blcr/tampered.params

insmod_with /etc/blcr/right.params
rc=$?
echo "BLCR-INSMOD rc=$rc"
[ $rc -eq 0 ] || status=1
klog

if [ $rc -eq 0 ]; then
	/bin/blcr-devtest || status=1
fi
/bin/crfeatures || status=1

sh /bin/e2e.sh root || status=1
sh /bin/e2e.sh user || status=1

if [ $rc -eq 0 ]; then
	rmmod blcr
	echo "BLCR-RMMOD rc=$?"
fi
echo "BLCR-UPTIME end $(cut -d' ' -f1 /proc/uptime)"
echo "BLCR-END status=$status"
poweroff -f
