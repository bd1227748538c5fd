@title: an ipc sysctl name that the namespace does not have names no file
@needs: ipc
# Q1.55: proc_sys_lookup
init: sysctl fs.mqueue.queues_max    => 256
init: sysctl fs.mqueue.queues_maxx   => ENOENT
init: sysctl fs.mqueue.nosuch 5      => ENOENT
init: clone a ipc                    => 2
a: sysctl fs.mqueue.msg_maximum      => ENOENT
