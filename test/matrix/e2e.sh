#!/bin/sh
# e2e.sh root|user: checkpoint -> kill -> restart of the counter program, as root or as
# uid 1000 (who restores through /dev/blcr's pid helper). Prints one BLCR-E2E line; exit 0
# on pass or n/a. Runs in matrix guests (init.sh) and on the host column (BIN=dir).
BIN=${BIN:-/bin}
# static engine binaries in a guest: no ./configure ran there to enable them
export BLCR_SKIP_ENABLED_CHECK=1
TMP=${TMPDIR:-/tmp}
who=$1
if [ ! -x $BIN/cr_checkpoint ] || [ ! -x $BIN/cr_restart ]; then
	echo "BLCR-E2E $who=n/a (no static cr_checkpoint/cr_restart: make -C native static)"
	exit 0
fi
uid=0
[ "$who" = user ] && uid=1000
# the user checkpoints a sibling: Yama's default (1) allows only descendants
[ "$who" = user ] && [ -w /proc/sys/kernel/yama/ptrace_scope ] && echo 0 > /proc/sys/kernel/yama/ptrace_scope
d=$TMP/e2e-$who
mkdir -p $d && chown $uid $d
RESTART=$BIN/cr_restart
if [ "$who" = user ] && [ ! -e /dev/blcr ]; then
	# no pid helper (no module): the other supported route is the capability
	if command -v setcap >/dev/null 2>&1; then
		cp $BIN/cr_restart $d/cr_restart && setcap cap_checkpoint_restore+ep $d/cr_restart && RESTART=$d/cr_restart
	else
		echo "BLCR-E2E user=n/a (no /dev/blcr and no setcap to grant CAP_CHECKPOINT_RESTORE)"
		exit 0
	fi
fi
$BIN/runas $uid $BIN/counter $d/count &
pid=$!
sleep 1
if $BIN/runas $uid $BIN/cr_checkpoint -f $d/ctx $pid >$d/ckpt.log 2>&1; then
	kill -9 $pid; wait $pid 2>/dev/null
	before=$(cat $d/count)
	$BIN/runas $uid $RESTART $d/ctx >$d/rst.log 2>&1 &
	sleep 1
	after=$(cat $d/count)
	comm=$(cat /proc/$pid/comm 2>/dev/null)
	kill $pid 2>/dev/null
	if [ "$comm" = counter ] && [ "$after" -gt "$before" ]; then
		echo "BLCR-E2E $who=pass (pid $pid restored, count $before -> $after)"
		exit 0
	fi
	echo "BLCR-E2E $who=fail (pid $pid comm '$comm', count $before -> $after)"
else
	kill -9 $pid
	echo "BLCR-E2E $who=fail (checkpoint failed)"
fi
sed 's/^/BLCR-E2ELOG /' $d/*.log
exit 1
