@title: who may write uid_map: inside the namespace, only its own euid, once; from the parent namespace, with CAP_SETUID there, any range, once
@needs: user
# U2.6, U2.14, U2.14b (new_idmap_permitted, map_write; user_namespaces(7) "Defining user and group ID mappings").
# The rules of the errors it shows: U2.1, U2.6, U2.14.
init: clone a user               => 2
a: uid_map a "0 0 2"             => EPERM   # two ids need CAP_SETUID over the parent (user:1)
a: uid_map a "0 1 1"             => EPERM   # parent uid 1 is not a's euid
a: uid_map a "0 0 1"             => ok      # its own euid (uid 0 of user:1) as uid 0
a: uid_map a "0 0 1"             => EPERM   # a map is written once
a: id                            => uid=0 gid=65534
init: clone b user               => 3
init: clone u -                  => 4
u: setuid 1000                   => ok
u: uid_map b "0 1000 1"          => EACCES  # the file is 0644 and belongs to root: u cannot even open it
init: uid_map b "0 1000 10"      => ok      # init holds CAP_SETUID in user:1: any range of its ids
b: id                            => uid=65534 gid=65534
init: read uid_map b             => 0 1000 10
