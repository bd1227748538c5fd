# unshare(1) EXAMPLES, 6: --kill-child: when unshare dies, its child (the PID namespace's init) is killed,
# and with it every process of the namespace.
# Adapted: a script has no terminal and no job control, so `set +m` changes nothing and `ps a` (the
# processes with a terminal) would list none: `ps ax`; `sleep 1` lets the background job get going where
# the man page's reader waits. And util-linux 2.38 blocks SIGINT and SIGTERM while unshare waits for its
# child: the man page's `kill $!` leaves unshare, and all below it, running (the first pidof prints both
# sleeps); `kill -KILL $!` kills it, and then pidof finds no sleep (status 1).
# The listing races with bash's exec of `sleep 999` on Linux: about one capture in four shows PID 1
# still as bash (R); the expected output is the usual one, the man page's (capture again if it is not).
set +m                # Don't print job status messages
unshare --pid --fork --mount-proc --kill-child -- \
       bash --norc -c '(sleep 555 &) && (ps ax &) && sleep 999' &
sleep 1
ps h -o 'comm' $! # Show that background job is unshare(1)
kill $! # Kill unshare(1)
sleep 1
pidof sleep
kill -KILL $!
sleep 1
pidof sleep
echo $?
