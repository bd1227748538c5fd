@title: the maps of the initial user namespace cannot be written, and its setgroups stays allow
@needs: user
# U2.3; U2.19; U2.18
init: uid_map init "0 0 1"         => EPERM
init: gid_map init "0 0 1"         => EPERM
init: uid_map init "junk"          => EPERM   # checked before the text (F4.4)
init: setgroups init deny          => EPERM   # its gid_map is written
init: setgroups init allow         => ok
init: read uid_map init            => 0 0 4294967295
init: read gid_map init            => 0 0 4294967295
init: clone a user                 => 2
a: setgroups init deny             => EACCES  # writing setgroups needs CAP_SYS_ADMIN in its namespace (at open)
a: uid_map init "0 0 1"            => EPERM
