@title: a map line is three unsigned decimals separated by blanks; anything else is EINVAL
@needs: user
# U2.8 (map_write: simple_strtoul, skip_spaces, no trailing junk)
init: clone a user                 => 2
init: uid_map a "0 0"              => EINVAL   # a missing field
init: uid_map a "0"                => EINVAL
init: uid_map a "0 0 1 2"          => EINVAL   # trailing junk
init: uid_map a "0 0 1x"           => EINVAL
init: uid_map a "x 0 1"            => EINVAL
init: uid_map a "-1 0 1"           => EINVAL   # no signs
init: uid_map a "+1 0 1"           => EINVAL
init: uid_map a "0x10 0 1"         => EINVAL   # decimal only
init: uid_map a "0 0 1;;1 1 1"     => EINVAL   # an empty line in the middle
init: read uid_map a               => -        # nothing was written
init: uid_map a "  0	 0   1  ;"  => ok       # leading, inner and trailing blanks; one final newline
init: read uid_map a               => 0 0 1
