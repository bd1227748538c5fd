@title: mq_open of an existing queue with access mode O_WRONLY|O_RDWR fails
@needs: ipc
# Q1.46: prepare_open
init: mq_open /q create        => ok
init: mq_open /q - wronly,rdwr => EINVAL
init: mq_open /q create wronly,rdwr => EINVAL
init: mq_open /q - rdonly      => ok
init: mq_open /q - wronly      => ok
init: mq_open /q - rdwr        => ok
init: mq_open /r create wronly,rdwr => ok
init: mq_open /r - wronly,rdwr => EINVAL
