// Database objects that migrations create by hand because Prisma's schema cannot express them.
// Each one is created, with a comment saying why, in the migration named here. The
// migration-equivalence test expects exactly these on top of what the schema itself produces.
export const HAND_WRITTEN_OBJECTS = {
  postgresql: {
    // 20261126002000_admin_lists_and_role_names: indexed substring search of users.
    extensions: ["pg_trgm"],
    indexes: ["User_searchText_trgm_idx"],
  },
  sqlite: { extensions: [] as string[], indexes: [] as string[] },
} as const;
