@title: a child cloned without CLONE_NEWIPC shares the ipc namespace both ways
# Q1.2; LTP mesgq_nstest.c; LTP shmem_2nstest.c, semtest_2ns.c in "none" mode (LTP mesgq_nstest, shmem_2nstest)
@needs: ipc
init: clone a -                  => 2
a: msgget 5 create               => 0
init: msgget 5                   => 0
init: semget 6 create            => 0
a: semget 6                      => 0
a: ipcs msg                      => 1
init: ipcs sem                   => 1
a: ns ipc                        => ipc:1
