@title: a map can be written successfully only once; failed writes do not count
@needs: user
# U2.6; LTP userns02.c
# The rules of the errors it shows: U2.8.
init: clone a user           => 2
init: uid_map a "0 0"        => EINVAL
init: uid_map a "0 0 1"      => ok
init: uid_map a "0 0 1"      => EPERM
init: uid_map a "5 5 1"      => EPERM
init: read uid_map a         => 0 0 1
init: gid_map a "0 0 1"      => ok       # the other map is separate
init: gid_map a "1 1 1"      => EPERM
