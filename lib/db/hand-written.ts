// Database objects that migrations create by hand because Prisma's schema cannot express them.
// Each one is created, with a comment saying why, in the migration named here. The
// migration-equivalence test expects exactly these on top of what the schema itself produces.
export const HAND_WRITTEN_OBJECTS = {
  // 20261126005144_admin_lists: case-insensitively unique role names; indexed user search.
  postgresql: { extensions: ["pg_trgm"], indexes: ["Role_name_lower_key", "User_searchText_trgm_idx"] },
  sqlite: { extensions: [] as string[], indexes: ["Role_name_lower_key"] },
} as const;
