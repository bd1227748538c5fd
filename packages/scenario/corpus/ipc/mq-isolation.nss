@title: a POSIX message queue name lives in one ipc namespace only
# Q1.3; LTP mqns_01, mqns_02
@needs: ipc
# The rules of the errors it shows: Q1.45, Q1.48, Q1.51.
init: mq_open /MQ1 excl          => ok
init: clone a -                  => 2
a: mq_open /MQ1                  => ok
a: mq_open /MQ1 excl             => EEXIST
init: clone b ipc                => 3
b: mq_open /MQ1                  => ENOENT
b: mq_open /MQ1 excl             => ok
b: mq_unlink /MQ1                => ok
b: mq_unlink /MQ1                => ENOENT
init: mq_open /MQ1               => ok
init: mq_unlink /MQ1             => ok
a: mq_open /MQ1                  => ENOENT
