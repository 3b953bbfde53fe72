import { http } from './http';

export interface Loan {
  id: number;
  bookId: number;
  returned: boolean;
}

export const loansApi = {
  list: () => http.get<Loan[]>('/loans').then((r) => r.data),
  borrow: (bookId: number) => http.post<Loan>('/loans', { bookId }).then((r) => r.data),
  giveBack: (loanId: number) => http.post<Loan>(`/loans/${loanId}/return`).then((r) => r.data),
};
