# unshare(1) EXAMPLES, 7: without --kill-child, the processes of the PID namespace outlive unshare.
# Adapted as man-unshare-6-kill-child.sh is (ps ax, sleep 1; `kill $!` does not end a waiting unshare
# 2.38); `kill -KILL $!` then shows that even a dead unshare leaves the two sleeps running.
# The listing races as in man-unshare-6-kill-child.sh (capture again if PID 1 shows as bash).
set +m
unshare --pid --fork --mount-proc -- \
       bash --norc -c '(sleep 555 &) && (ps ax &) && sleep 999' &
sleep 1
kill $!
sleep 1
pidof sleep
kill -KILL $!
sleep 1
pidof sleep
