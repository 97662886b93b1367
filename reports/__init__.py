"""What reaches inspectors: tables, exports, notices, notifications, evidence."""
