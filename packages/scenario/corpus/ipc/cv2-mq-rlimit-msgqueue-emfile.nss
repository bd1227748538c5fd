@title: a new POSIX message queue is charged to RLIMIT_MSGQUEUE (819200 bytes) of its creator's uid: the tenth default queue is EMFILE
# Q1.50: mqueue_get_inode charges msg_max*msgsize_max plus the tree overhead (about 82 KiB a default queue) to the real uid
# (uid 61234 is used by no other scenario, so no other run's queues count against it)
@needs: ipc
init: clone u -                            => 2
u: setuid 61234                            => ok
u: mq_open /cv2q1 create                   => ok
u: mq_open /cv2q2 create                   => ok
u: mq_open /cv2q3 create                   => ok
u: mq_open /cv2q4 create                   => ok
u: mq_open /cv2q5 create                   => ok
u: mq_open /cv2q6 create                   => ok
u: mq_open /cv2q7 create                   => ok
u: mq_open /cv2q8 create                   => ok
u: mq_open /cv2q9 create                   => ok
u: mq_open /cv2q10 create                  => EMFILE
u: mq_unlink /cv2q1                        => ok   # its bytes are given back
u: mq_open /cv2q10 create                  => ok
