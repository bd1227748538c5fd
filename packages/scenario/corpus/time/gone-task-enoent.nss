@title: a task that has exited has no timens_offsets: reading or writing it is ENOENT
# X1.16, X1.4; fs/proc/base.c (the /proc/<pid> directory goes with the reaped task)
@needs: time
init: clone a -                        => 2
a: unshare time                        => ok
a: timens-offsets a                    => monotonic 0 0;boottime 0 0
a: exit                                => ok
init: timens-offsets a                 => ENOENT
init: timens-offset a monotonic 1 0    => ENOENT
init: timens-write a "boottime 1 0"    => ENOENT
init: timens-offsets nobody            => ENOENT
