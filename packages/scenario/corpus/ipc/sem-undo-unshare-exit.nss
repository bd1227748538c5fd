@title: unshare of an ipc namespace applies and drops the caller's semaphore undo list; its exit then adjusts nothing
@needs: ipc,uts
# F2.9: ksys_unshare: CLONE_NEWIPC implies CLONE_SYSVSEM, and exit_sem runs ("equivalent to sys_exit()");
#       the shared-memory half (exit_shm) is cv2-unshare-ipc-orphans-segments.nss
# Q1.57: exit_sem applies each SEM_UNDO adjustment once, at exit, unshare or setns, kept within 0..SEMVMX
init: semget 1 create 2                => 0
init: semop 0 0:2                      => ok
init: clone a -                        => 2
a: semop 0 0:3,1:1 undo                => ok
init: semop 0 0:-5,0:5                 => ok    # semaphore 0 is 5
a: unshare uts                         => ok
init: semop 0 0:-5,0:5                 => ok    # another type keeps the list
a: unshare ipc                         => ok
init: semop 0 0:-3,0:3                 => EAGAIN
init: semop 0 0:-2,0:2                 => ok    # back to 2
init: semop 0 1:0                      => ok    # and 1 to 0
a: exit                                => ok
init: semop 0 0:-2,0:2                 => ok    # still 2: the list was dropped
init: clone b -                        => 3
b: semop 0 0:1 undo                    => ok
init: semop 0 0:-3                     => ok    # 0 now: b's adjustment (-1) would take it below 0
b: exit                                => ok
init: semop 0 0:0                      => ok    # exit_sem kept it at 0
init: clone c -                        => 4
c: semop 0 1:4 undo                    => ok
c: setns init ipc                      => ok    # ipcns_install: exit_sem, even into the namespace it is in
init: semop 0 1:0                      => ok
