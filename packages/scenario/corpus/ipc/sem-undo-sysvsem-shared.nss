@title: tasks cloned with CLONE_SYSVSEM share one semaphore undo list; unshare(CLONE_SYSVSEM) leaves it, and the last task to leave applies it
@needs: ipc
# F2.9: ksys_unshare: CLONE_SYSVSEM alone also runs exit_sem
# Q1.57: copy_semundo shares the list; exit_sem applies it once, when its last task leaves it
init: semget 1 create 1                => 0
init: clone a -                        => 2
a: semop 0 0:2 undo                    => ok
a: unshare - sysvsem                   => ok
init: semop 0 0:0                      => ok    # applied: back to 0
a: exit                                => ok
init: semop 0 0:0                      => ok    # and not again
init: clone b -                        => 3
b: clone c - sysvsem                   => 4
b: semop 0 0:1 undo                    => ok
c: semop 0 0:2 undo                    => ok
b: exit                                => ok
init: semop 0 0:-3,0:3                 => ok    # still 3: c holds the list
c: unshare - sysvsem                   => ok
init: semop 0 0:0                      => ok    # c was its last task: both adjustments applied
