@title: queue names need a leading slash and no other; . and .. are refused
# Q1.3; glibc mq_open (EINVAL without /), fs/namei.c lookup_noperm_common (EACCES)
@needs: ipc
# The rules of the errors it shows: Q1.41, Q1.42, Q1.43.
init: mq_open q create           => EINVAL
init: mq_open / create           => ENOENT
init: mq_open /a/b create        => EACCES
init: mq_open /. create          => EACCES
init: mq_open /.. create         => EACCES
init: mq_open /... create        => ok
init: mq_unlink q                => EINVAL
init: mq_unlink /...             => ok
