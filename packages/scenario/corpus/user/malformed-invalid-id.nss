@title: 4294967295 is never a first or lower id; numbers are read into 32 bits
@needs: user
# U2.9; simple_strtoul keeps the low 32 bits of a longer number
init: clone a user                  => 2
init: uid_map a "4294967295 0 1"    => EINVAL
init: uid_map a "0 4294967295 1"    => EINVAL
init: gid_map a "4294967295 0 1"    => EINVAL
init: uid_map a "4294967296 1 1"    => ok       # 2^32 reads as 0
init: read uid_map a                => 0 1 1
