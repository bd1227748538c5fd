@title: writing offsets needs CAP_SYS_TIME over the user namespace owning the time namespace; another user cannot even open the file for writing
# X1.6, X1.14; kernel/time/namespace.c proc_timens_set_offset (file_ns_capable), fs/proc/base.c (mode 0644)
@needs: user,time
init: clone a user                             => 2
init: uid_map a "0 0 1"                        => ok
init: setgroups a deny                         => ok
init: gid_map a "0 0 1"                        => ok
a: timens-offset init monotonic 1 0            => EPERM   # the world's user namespace owns init's; EPERM before EACCES
a: timens-write init "realtime 1 0"            => EINVAL  # the parse comes first
a: unshare time                                => ok
a: timens-offset a monotonic 7 0               => ok      # a's own user namespace owns this one
init: clone b -                                => 3
b: unshare time                                => ok
a: timens-offset b monotonic 1 0               => EPERM
init: timens-offset a boottime 9 0             => ok      # an ancestor's CAP_SYS_TIME covers a's namespace
a: timens-offsets a                            => monotonic 7 0;boottime 9 0
init: clone u -                                => 4
u: setuid 1000                                 => ok
u: timens-offset b monotonic 1 0               => EACCES  # 0644, owned by b's uid 0
u: timens-offsets b                            => monotonic 0 0;boottime 0 0
