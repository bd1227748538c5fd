@title: a write without any extent is EINVAL
@needs: user
# U2.13 (and the empty line of U2.8)
init: clone a user           => 2
init: uid_map a ""           => EINVAL
init: uid_map a ";"          => EINVAL
init: gid_map a ""           => EINVAL
init: read uid_map a         => -
init: uid_map a "0 0 1"      => ok
