@title: a count of zero, or one that wraps the upper or lower range past 2^32, is EINVAL
@needs: user
# U2.10
init: clone a user                     => 2
init: uid_map a "0 0 0"                => EINVAL
init: uid_map a "1 0 4294967295"       => EINVAL   # 1 + 4294967295 wraps
init: uid_map a "0 1 4294967295"       => EINVAL   # the lower range wraps
init: uid_map a "4294967294 0 2"       => EINVAL
init: uid_map a "0 0 4294967295"       => ok       # the whole range, as in the initial namespace
init: read uid_map a                   => 0 0 4294967295
