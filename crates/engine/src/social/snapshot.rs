//! Tonight's copy of production: the generator's state written out as the four raw
//! tables ([`super::raw`]). Active and deactivated accounts are copied with their follows
//! and devices; deleted ones are gone; the log holds the day's views by active accounts.

use std::sync::Arc;

use datafusion::arrow::array::{Date32Array, Int64Array, RecordBatch, StringArray};
use datafusion::error::Result;

use super::accounts::{Cohort, Status};
use super::draw::{hash, pick, SESSIONS, VIEWS};
use super::generator::{Generator, DEVICES};
use super::raw::{devices_schema, post_views_schema, relationships_schema, users_schema};

impl Generator {
    /// Accounts production still holds: active or deactivated.
    pub(super) fn existing(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.accounts.len()).filter(|&u| matches!(self.status[u], Status::Active | Status::Deactivated))
    }

    pub(super) fn users_batch(&self) -> Result<RecordBatch> {
        let rows: Vec<usize> = self.existing().collect();
        let signed_up = rows.iter().map(|&u| {
            let a = &self.accounts[u];
            if a.joins == 0 {
                self.start_epoch - a.age_days as i32
            } else {
                self.start_epoch + a.joins as i32
            }
        });
        let status: StringArray =
            rows.iter().map(|&u| Some(if self.active(u) { "active" } else { "deactivated" })).collect();
        Ok(RecordBatch::try_new(
            users_schema(),
            vec![
                Arc::new(Int64Array::from_iter_values(rows.iter().map(|&u| u as i64 + 1))),
                Arc::new(Date32Array::from_iter_values(signed_up)),
                Arc::new(status),
            ],
        )?)
    }

    pub(super) fn devices_batch(&self) -> Result<RecordBatch> {
        let (mut user, mut device, mut sessions) = (Vec::new(), Vec::new(), Vec::new());
        let day = u64::from(self.day);
        for u in self.existing() {
            let (primary, second) = self.devices[u];
            let mut rows = vec![(primary, 12 + (hash(self.seed, SESSIONS, u as u64, day) % 20) as i64)];
            if let Some(s) = second {
                rows.push((s, 1 + (hash(self.seed, SESSIONS, u as u64, day | 1 << 40) % 10) as i64));
            }
            rows.sort_by_key(|r| DEVICES[r.0 as usize]);
            for (d, s) in rows {
                user.push(u as i64 + 1);
                device.push(DEVICES[d as usize]);
                sessions.push(s);
            }
        }
        Ok(RecordBatch::try_new(
            devices_schema(),
            vec![
                Arc::new(Int64Array::from(user)),
                Arc::new(StringArray::from(device)),
                Arc::new(Int64Array::from(sessions)),
            ],
        )?)
    }

    pub(super) fn relationships_batch(&self) -> Result<RecordBatch> {
        let (mut user, mut friend, mut on) = (Vec::new(), Vec::new(), Vec::new());
        for u in self.existing() {
            for &(v, since) in &self.following[u] {
                user.push(u as i64 + 1);
                friend.push(i64::from(v) + 1);
                on.push(since);
            }
        }
        Ok(RecordBatch::try_new(
            relationships_schema(),
            vec![Arc::new(Int64Array::from(user)), Arc::new(Int64Array::from(friend)), Arc::new(Date32Array::from(on))],
        )?)
    }

    /// About one view per active user per day, three for fast growers; most views are of
    /// posts by someone the viewer follows. A post is one poster's post of one day.
    pub(super) fn views_batch(&self) -> Result<RecordBatch> {
        let (seed, day) = (self.seed, u64::from(self.day));
        let n = self.accounts.len() as u64;
        let (mut post, mut viewer, mut poster) = (Vec::new(), Vec::new(), Vec::new());
        for u in (0..self.accounts.len()).filter(|&u| self.active(u)) {
            let uu = u as u64;
            let views = match self.accounts[u].cohort {
                Cohort::FastGrower => 3,
                _ => hash(seed, VIEWS, uu, day) % 3, // 0, 1 or 2: one on average
            };
            let friends = &self.following[u];
            for v in 0..views {
                let r = hash(seed, VIEWS, uu, day * 16 + v + 1);
                let who = if !friends.is_empty() && r % 10 < 7 {
                    friends[pick(r / 10, friends.len())].0 as usize
                } else {
                    ((r / 10) % n) as usize
                };
                if who == u || !self.active(who) {
                    continue;
                }
                post.push((who as i64 + 1) * 10_000 + day as i64);
                viewer.push(u as i64 + 1);
                poster.push(who as i64 + 1);
            }
        }
        Ok(RecordBatch::try_new(
            post_views_schema(),
            vec![
                Arc::new(Int64Array::from(post)),
                Arc::new(Int64Array::from(viewer)),
                Arc::new(Int64Array::from(poster)),
            ],
        )?)
    }
}
