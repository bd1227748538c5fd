@title: another user can neither open a 0600 queue (EACCES) nor unlink it from the sticky root (EPERM); its owner can
# Q1.3; ipc/mqueue.c prepare_open (inode_permission); mq_unlink(2) -> may_delete sticky check (EPERM; glibc's mq_unlink(3) says EACCES)
@needs: ipc
# The rules of the errors it shows: Q1.47, Q1.52.
init: mq_open /q create          => ok
init: clone u -                  => 2
u: setuid 1000                   => ok
u: mq_open /q                    => EACCES
u: mq_unlink /q                  => EPERM
u: mq_open /mine create          => ok
u: mq_unlink /mine               => ok
init: mq_unlink /q               => ok
