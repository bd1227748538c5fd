@title: after unshare(CLONE_NEWIPC) the caller no longer finds its old namespace's semaphores
# Q1.2, F2.12; LTP sem_nstest
@needs: ipc
# The rules of the errors it shows: Q1.13.
init: semget 154326 create       => 0
init: clone a -                  => 2
a: semget 154326                 => 0
a: unshare ipc                   => ok
a: semget 154326                 => ENOENT
a: ipcs sem                      => 0
a: ns ipc                        => ipc:2
init: semget 154326              => 0
init: ipcs sem                   => 1
