//! The rules' version and their dated amendments log (domain brief §6). Every submission records
//! the version it was checked against; the app shows the log.

use serde::Serialize;

/// The version of the rules in this build.
pub const RULES_VERSION: &str = "2026.3";

/// One dated change to the rules, as a procedures manual's amendments page records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Amendment {
    pub version: &'static str,
    /// `YYYY-MM-DD`: from when submissions are checked against this version.
    pub effective: &'static str,
    /// What part of the rules changed, as a heading.
    pub area: &'static str,
    pub details: &'static str,
    /// The regulation or procedure chapter it follows from.
    pub authority: &'static str,
}

impl Amendment {
    /// When it took effect, as people read it: "3 December 2026".
    pub fn effective_long(&self) -> String {
        crate::date::Date::parse_iso(self.effective).map_or_else(|| self.effective.to_owned(), |d| d.long())
    }
}

/// Newest first.
pub const AMENDMENTS: &[Amendment] = &[
    Amendment {
        version: "2026.3",
        effective: "2026-12-03",
        area: "Email addresses at children's services trusts",
        details: "Staff of a trust or company that runs a council's children's services (Birmingham, Sandwell, \
                  Sunderland, Slough, Northamptonshire, Achieving for Children) may write from the trust's own \
                  address, for that council's children only.",
        authority: "CPPCR Regulations 2010, reg 13(1) (written notice); domain brief §8.9",
    },
    Amendment {
        version: "2026.2",
        effective: "2026-12-03",
        area: "A move within the host's area",
        details: "A move to another placement in the same council's area is an ending and a new placement: the new \
                  notification names the ended one's case, from that case's link, and the host reads the two linked.",
        authority: "CPPCR Regulations 2010, regs 13 and 14",
    },
    Amendment {
        version: "2026.2",
        effective: "2026-12-03",
        area: "The end of a placement",
        details: "The placing authority tells the host when a placement ends: before the end or, when that is not \
                  practicable, within 10 working days after it. Later is flagged, and the reason it was not \
                  practicable is required. A move to another placement in the host's area is an ending and a new \
                  notification. When the notification gives a planned end date and no end notice comes within 10 \
                  working days of it, the social worker is asked whether the placement has ended.",
        authority: "CPPCR Regulations 2010, reg 14",
    },
    Amendment {
        version: "2026.2",
        effective: "2026-12-03",
        area: "Deprivation of liberty in an unregistered setting",
        details: "Where a court has authorised depriving the child of liberty in a setting not registered with Ofsted, \
                  no Ofsted URN is asked for, and the date Ofsted was told of the order is recorded. A missing date is a \
                  warning, never a block.",
        authority: "Children Act 1989 inherent jurisdiction orders; domain brief §8.6",
    },
    Amendment {
        version: "2026.2",
        effective: "2026-12-03",
        area: "Short breaks",
        details: "Short breaks for a child not otherwise in care, all with the same carer, none over 17 days and 75 \
                  days or fewer in any 12 months, need no notification. The notification form says so, and says when \
                  an arrangement does not qualify; it never blocks sending one.",
        authority: "CPPCR Regulations 2010, reg 48(3)(b)",
    },
    Amendment {
        version: "2026.2",
        effective: "2026-12-03",
        area: "A care plan that follows",
        details: "A child's first placement may start before the care plan is written: the notification says it will \
                  follow, and it is due 10 working days after the start. The social worker is reminded on the day it \
                  is due and once it is late, and sends it from the case; the host sees it arrive.",
        authority: "CPPCR Regulations 2010, reg 4(2)",
    },
    Amendment {
        version: "2026.2",
        effective: "2026-12-03",
        area: "Notices sent by a provider",
        details: "Where the host takes them, a fostering agency or children's home may send the notification for the \
                  placing authority. The duty stays with the placing authority: the host sees the placement as awaiting \
                  its confirmation until the placing authority's social worker confirms it from the emailed link.",
        authority: "CPPCR Regulations 2010, reg 13(4); Kent and Medway OLA procedures",
    },
    Amendment {
        version: "2026.2",
        effective: "2026-12-03",
        area: "Who else is told of the placement",
        details: "The notification records, for each person and body the law names, when they were told or why not: \
                  the child, the parents, anyone with contact under section 34 or a section 8 order, the previous \
                  carer, the integrated care boards, the GPs, the school or college and the independent reviewing \
                  officer. Telling the parents, anyone with contact or the previous carer may be held back where it \
                  would put the child at risk of significant harm, with the reason. The host sees the list. Where the \
                  child may go missing, be exploited or has youth justice contact, the form says which of the host's \
                  police, missing-person coordinator, MASH and youth justice service good practice asks to tell too.",
        authority: "CPPCR Regulations 2010, reg 13(2), 13(3)",
    },
    Amendment {
        version: "2026.2",
        effective: "2026-12-03",
        area: "NHS number and unique pupil number",
        details: "The child's NHS number and unique pupil number (UPN) may be given on the consultation and the \
                  notification. Neither is required; when given, the NHS number's check digit and the UPN's check \
                  letter and local authority number must be right.",
        authority: "Children Act 2004 s16LC (inserted by the Children's Wellbeing and Schools Act 2026); DfE UPN guidance",
    },
    Amendment {
        version: "2026.2",
        effective: "2026-12-03",
        area: "Secure email",
        details: "Addresses on gcsx.gov.uk are refused: the Government Connect Secure Extranet closed on 31 March 2019.",
        authority: "CPPCR Regulations 2010, reg 13 (notices in writing); rule 12",
    },
    Amendment {
        version: "2026.1",
        effective: "2026-11-23",
        area: "Distant placements",
        details: "A placement is distant when the placing authority is not the host and does not adjoin it. \
                  Distant placements need a consultation, a copy of the care plan and approval by the Director \
                  of Children's Services or a named delegate. Estuary neighbours are treated as distant until confirmed.",
        authority: "CPPCR Regulations 2010, reg 11(1), 11(2)(d), 11(5)",
    },
    Amendment {
        version: "2026.1",
        effective: "2026-11-23",
        area: "Connected persons and own foster carers",
        details: "Placements with a connected person or the placing authority's own foster carers need no \
                  consultation, but must still be notified.",
        authority: "CPPCR Regulations 2010, reg 11(3), 13(4)",
    },
    Amendment {
        version: "2026.1",
        effective: "2026-11-23",
        area: "Notification timing",
        details: "A planned placement is notified before it starts. An emergency placement is notified within \
                  5 working days of the start (England and Wales bank holidays excluded), or the reason it was \
                  not reasonably practicable is recorded.",
        authority: "CPPCR Regulations 2010, reg 13(4)",
    },
    Amendment {
        version: "2026.1",
        effective: "2026-11-23",
        area: "Age and accommodation",
        details: "A person of 18 or over is not a looked-after child. Children under 16 cannot be placed in \
                  supported or independent accommodation. Supported accommodation needs an Ofsted URN.",
        authority: "CPPCR Regulations 2010, reg 27A; Supported Accommodation (England) Regulations 2023",
    },
    Amendment {
        version: "2026.1",
        effective: "2026-11-23",
        area: "Consultation outcome",
        details: "Every outcome evidences the case discussion and gives the host's three professional views. \
                  A challenge records a reason category and the reason in words; it never blocks the notification.",
        authority: "Kent OLA consultation process and guidance",
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;

    #[test]
    fn log_is_dated_newest_first_and_includes_this_version() {
        assert!(AMENDMENTS.iter().any(|a| a.version == RULES_VERSION));
        let dates: Vec<Date> = AMENDMENTS.iter().map(|a| Date::parse_iso(a.effective).unwrap()).collect();
        assert!(dates.windows(2).all(|w| w[0] >= w[1]));
    }
}
