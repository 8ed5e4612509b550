import { Navigate, Route, Routes } from 'react-router';
import { NotFoundPage } from '../shell/not-found-page.tsx';
import { LogReviewPage } from './log-review-page.tsx';

/** The security officer's part of the app: reviewing flagged accesses. No clinical data is shown here. */
export default function SecurityRoutes() {
  return (
    <Routes>
      <Route index element={<Navigate to="/logggjennomgang" replace />} />
      <Route path="logggjennomgang" element={<LogReviewPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
