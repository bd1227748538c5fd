@title: extents of one write may not overlap in their upper or in their lower ranges
@needs: user
# U2.11 mappings_overlap
init: clone a user                     => 2
init: uid_map a "0 0 1;0 1 1"          => EINVAL   # upper ranges meet at 0
init: uid_map a "0 0 1;1 0 1"          => EINVAL   # lower ranges meet at 0
init: uid_map a "0 100 10;9 200 1"     => EINVAL   # 9 is inside 0..9
init: uid_map a "0 100 10;10 109 1"    => EINVAL   # lower 109 is inside 100..109
init: uid_map a "0 100 10;10 110 1"    => ok       # adjacent is fine
init: read uid_map a                   => 0 100 10;10 110 1
