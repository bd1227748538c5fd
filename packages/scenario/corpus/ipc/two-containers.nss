@title: an object made in one isolated container is not reachable from a second one
# Q1.2; LTP shmem_2nstest, semtest_2ns
@needs: ipc
# The rules of the errors it shows: Q1.13.
init: clone c1 ipc               => 2
init: clone c2 ipc               => 3
c1: shmget 0x1234 create         => 0
c1: semget 0x1234 create         => 0
c2: shmget 0x1234                => ENOENT
c2: semget 0x1234                => ENOENT
c2: ipcs shm                     => 0
c1: clone c1b -                  => 4
c1b: shmget 0x1234               => 0
