@title: msgrcv with MSG_COPY copies into a buffer of at most kernel.msgmax bytes: a longer message is EINVAL even when the caller's buffer is big enough
# Q1.35: do_msgrcv prepares the copy with min(bufsz, msgmax); copy_msg fails with EINVAL (ipc/msgutil.c)
@needs: ipc
# The rules of the errors it shows: Q1.32.
init: msgget 5 create                  => 0
init: msgsnd 0 1 100 x                 => ok
init: msgrcv 0 10 0 copy               => E2BIG    # the caller's buffer is shorter: E2BIG first
init: msgrcv 0 200 0 copy              => mtype=1 size=100 text=x
init: sysctl kernel.msgmax 50          => ok
init: msgrcv 0 200 0 copy              => EINVAL   # the copy buffer is min(200, 50)
init: msgrcv 0 200 0                   => mtype=1 size=100 text=x
