@title: ipc arguments take their C types exactly: a 32-bit key_t written signed or unsigned, a size_t, a long message type
@needs: ipc
# Q1.5; ipc/msg.c do_msgsnd (msgsz > msg_ctlmax or (long) msgsz < 0, then mtype < 1: EINVAL) and do_msgrcv ((long) bufsz < 0: EINVAL)
# The rules of the errors it shows: Q1.28, Q1.29, Q1.31, Q1.33, Q1.38, Q1.39.
init: shmget 0xdeadbeef create                   => 0
init: shmget -559038737                          => 0
init: shmget 0xffffffff create                   => 1
init: shmget -1                                  => 1
init: msgget 0x80000000 create                   => 0
init: msgget -2147483648                         => 0
init: semget 2147483647 create                   => 0
init: semget 0x7fffffff                          => 0
init: ipcs shm                                   => 2
init: msgsnd 0 1 0xffffffffffffffff              => EINVAL   # SIZE_MAX
init: msgsnd 0 1 18446744073709551615            => EINVAL
init: msgsnd 0 0x8000000000000000 1              => EINVAL   # mtype LONG_MIN
init: msgsnd 0 0x4000000000000000 3 abc          => ok       # mtype 2^62
init: msgrcv 0 0x8000000000000000 0              => EINVAL   # (long) bufsz < 0
init: msgrcv 0 0x7fffffffffffffff 2305843009213693952 => ENOMSG   # no message of type 2^61
init: msgrcv 0 0x7fffffffffffffff -9223372036854775808 => mtype=4611686018427387904 size=3 text=abc
init: semop 0 65535:0                            => EFBIG
init: semop 0 0:65535                            => EAGAIN   # sem_op (short) -1 on a zero semaphore
