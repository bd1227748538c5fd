# unshare --fork --pid --mount-proc: the child is pid 1 and its /proc lists only its namespace.
unshare --fork --pid --mount-proc ps
unshare -fp --mount-proc sh -c 'echo $$; ps -o pid,ppid,comm'
ps -o pid,comm
echo $$
