# unshare(1) EXAMPLES, 1: with --fork the command is the first process of the new PID namespace, PID 1;
# --mount-proc gives it a /proc of that namespace. As in the man page.
unshare --fork --pid --mount-proc readlink /proc/self
